import { describe, expect, it } from 'vitest';
import { InMemoryScrubCursors } from './scrub-cursors.js';

const key = (digit: string) => digit.repeat(64);

describe('InMemoryScrubCursors', () => {
  it('starts every backend at the first key, and moves one only from where it is', async () => {
    const cursors = new InMemoryScrubCursors();
    expect(await cursors.get('fs-a')).toBeUndefined();
    expect(await cursors.advance('fs-a', undefined, key('1'))).toBe(true);
    expect(await cursors.advance('fs-a', undefined, key('2'))).toBe(false);
    expect(await cursors.advance('fs-a', key('2'), key('3'))).toBe(false);
    expect(await cursors.get('fs-a')).toBe(key('1'));
    expect(await cursors.advance('fs-a', key('1'), key('3'))).toBe(true);
    expect(await cursors.get('fs-b')).toBeUndefined();
  });

  it('goes back to the first key after the end', async () => {
    const cursors = new InMemoryScrubCursors();
    await cursors.advance('fs-a', undefined, key('5'));
    expect(await cursors.advance('fs-a', key('5'), undefined)).toBe(true);
    expect(await cursors.get('fs-a')).toBeUndefined();
    expect(await cursors.advance('fs-a', undefined, key('1'))).toBe(true);
  });
});
