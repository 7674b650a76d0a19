import { describe, expect, it } from 'vitest';
import { safeNextPath } from './safe-next-path.ts';

describe('safeNextPath', () => {
  it.each([
    ['/settings/sessions', '/settings/sessions'],
    ['/drive?folder=abc#top', '/drive?folder=abc#top'],
    ['/drive/../settings', '/settings'],
  ])('keeps the path %s on this site', (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });

  it.each([
    ['another site', 'https://evil.example/'],
    ['a protocol-relative address', '//evil.example/drive'],
    ['a backslash browsers read as a slash', '/\\evil.example'],
    ['a tab the URL parser drops', '/\t/evil.example'],
    ['a javascript URL', 'javascript:alert(1)'],
    ['a relative path', 'drive'],
    ['nothing', undefined],
    ['a repeated parameter', ['/a', '/b']],
  ])('falls back to the drive for %s', (_, next) => {
    expect(safeNextPath(next)).toBe('/drive');
  });
});
