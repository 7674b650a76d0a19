import { describe, expect, it } from 'vitest';
import { parseRange } from './range.ts';

describe('parseRange', () => {
  const size = 1000;

  it('reads the forms media elements send', () => {
    expect(parseRange('bytes=0-', size)).toEqual({ start: 0, end: 1000 });
    expect(parseRange('bytes=100-199', size)).toEqual({ start: 100, end: 200 });
    expect(parseRange('bytes=900-5000', size)).toEqual({ start: 900, end: 1000 });
    expect(parseRange('bytes=-100', size)).toEqual({ start: 900, end: 1000 });
    expect(parseRange('bytes=-5000', size)).toEqual({ start: 0, end: 1000 });
  });

  it('sends the whole file when there is no usable range', () => {
    expect(parseRange(null, size)).toBeNull();
    expect(parseRange('bytes=0-1,5-6', size)).toBeNull();
    expect(parseRange('items=0-1', size)).toBeNull();
    expect(parseRange('bytes=-', size)).toBeNull();
    expect(parseRange('bytes=500-100', size)).toBeNull();
  });

  it('refuses ranges past the end', () => {
    expect(parseRange('bytes=1000-', size)).toBe('unsatisfiable');
    expect(parseRange('bytes=5000-6000', size)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', size)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-', 0)).toBe('unsatisfiable');
  });
});
