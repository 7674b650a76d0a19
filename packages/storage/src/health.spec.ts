import { describe, expect, it } from 'vitest';
import { BackendHealth } from './health.js';

function clock(): { now: () => number; advance: (ms: number) => void } {
  let time = 1_000_000;
  return { now: () => time, advance: (ms) => void (time += ms) };
}

const ids = (items: string[]) => items;

describe('BackendHealth', () => {
  it('ranks unmeasured backends first, then by smoothed latency, ties in input order', () => {
    const health = new BackendHealth({ smoothing: 0.5 });
    health.recordSuccess('slow', 100);
    health.recordSuccess('fast', 10);
    expect(health.rank(ids(['slow', 'fast', 'new-1', 'new-2']), (id) => id)).toEqual(['new-1', 'new-2', 'fast', 'slow']);
    health.recordLatency('fast', 300);
    expect(health.latencyMs('fast')).toBe(155);
    expect(health.rank(ids(['slow', 'fast']), (id) => id)).toEqual(['slow', 'fast']);
  });

  it('sets a failing backend aside for a cool-down that doubles, up to a ceiling, until it succeeds', () => {
    const time = clock();
    const health = new BackendHealth({ cooldownMs: 100, maxCooldownMs: 250, now: time.now });
    health.recordFailure('a');
    expect(health.isHealthy('a')).toBe(false);
    expect(health.rank(ids(['a', 'b']), (id) => id)).toEqual(['b', 'a']);
    time.advance(100);
    expect(health.isHealthy('a')).toBe(true);
    health.recordFailure('a');
    time.advance(199);
    expect(health.isHealthy('a')).toBe(false);
    time.advance(1);
    expect(health.isHealthy('a')).toBe(true);
    health.recordFailure('a');
    time.advance(250);
    expect(health.isHealthy('a')).toBe(true);
    health.recordFailure('a');
    health.recordSuccess('a', 5);
    expect(health.isHealthy('a')).toBe(true);
    expect(health.snapshot()).toEqual([{ backendId: 'a', latencyMs: 5, consecutiveFailures: 0, coolingDownUntil: undefined }]);
  });

  it('ranks backends that are cooling down by how soon they come back', () => {
    const time = clock();
    const health = new BackendHealth({ cooldownMs: 100, now: time.now });
    health.recordFailure('twice');
    health.recordFailure('twice');
    health.recordFailure('once');
    expect(health.rank(ids(['twice', 'once', 'fine']), (id) => id)).toEqual(['fine', 'once', 'twice']);
  });
});
