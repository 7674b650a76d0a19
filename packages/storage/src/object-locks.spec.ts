import { describe, expect, it } from 'vitest';
import { InProcessObjectLocks } from './object-locks.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('InProcessObjectLocks', () => {
  it('runs holders of one object one at a time, in arrival order, and others in parallel', async () => {
    const locks = new InProcessObjectLocks();
    const events: string[] = [];
    const hold = (id: string, name: string) =>
      locks.withLock(id, async () => {
        events.push(`${name} in`);
        await tick();
        events.push(`${name} out`);
        return name;
      });
    const results = await Promise.all([hold('x', 'x1'), hold('x', 'x2'), hold('y', 'y1'), hold('x', 'x3')]);
    expect(results).toEqual(['x1', 'x2', 'y1', 'x3']);
    const xs = events.filter((event) => event.startsWith('x'));
    expect(xs).toEqual(['x1 in', 'x1 out', 'x2 in', 'x2 out', 'x3 in', 'x3 out']);
    expect(events.indexOf('y1 in')).toBeLessThan(events.indexOf('x1 out'));
  });

  it('releases the lock when the holder throws', async () => {
    const locks = new InProcessObjectLocks();
    await expect(locks.withLock('x', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(locks.withLock('x', async () => 'next')).resolves.toBe('next');
  });
});
