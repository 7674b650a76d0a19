import { describe, expect, it } from 'vitest';
import { parseRange } from './byte-range.js';

describe(parseRange.name, () => {
  it('answers undefined without a header: the whole content', () => {
    expect(parseRange(undefined, 100)).toBeUndefined();
  });

  it.each([
    ['bytes=0-0', { first: 0, last: 0 }],
    ['bytes=0-99', { first: 0, last: 99 }],
    ['bytes=10-19', { first: 10, last: 19 }],
    ['bytes=90-1000', { first: 90, last: 99 }],
    ['bytes=99-', { first: 99, last: 99 }],
    ['bytes=0-', { first: 0, last: 99 }],
    ['bytes=-1', { first: 99, last: 99 }],
    ['bytes=-30', { first: 70, last: 99 }],
    ['bytes=-500', { first: 0, last: 99 }],
  ])('reads %s of 100 bytes', (header, range) => {
    expect(parseRange(header, 100)).toEqual(range);
  });

  it.each([
    'bytes=100-',
    'bytes=100-200',
    'bytes=20-10',
    'bytes=-0',
    'bytes=-',
    'bytes=0-1,5-6',
    'bytes = 0-1',
    'items=0-1',
    'bytes=a-b',
    'bytes=1.5-2',
    'bytes=99999999999999999-',
    '',
  ])('refuses %j of 100 bytes', (header) => {
    expect(parseRange(header, 100)).toBe('unsatisfiable');
  });

  it('satisfies nothing of empty content', () => {
    expect(parseRange('bytes=0-', 0)).toBe('unsatisfiable');
    expect(parseRange('bytes=-5', 0)).toBe('unsatisfiable');
  });
});
