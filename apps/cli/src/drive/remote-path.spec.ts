import { describe, expect, it } from 'vitest';
import { childPath, formatRemotePath, parseRemotePath } from './remote-path.js';
import { localName } from './local-files.js';
import { isNodeId } from './find-node.js';

describe('parseRemotePath', () => {
  it.each([
    ['/', { shared: undefined, names: [] }],
    ['', { shared: undefined, names: [] }],
    ['/docs/report.pdf', { shared: undefined, names: ['docs', 'report.pdf'] }],
    ['docs//report.pdf/', { shared: undefined, names: ['docs', 'report.pdf'] }],
    ['shared:', { shared: '', names: [] }],
    ['shared:Holidays', { shared: 'Holidays', names: [] }],
    ['shared:Holidays/photos/1.jpg', { shared: 'Holidays', names: ['photos', '1.jpg'] }],
    ['/shared:notes', { shared: undefined, names: ['shared:notes'] }],
  ])('%j', (text, parsed) => {
    expect(parseRemotePath(text)).toEqual(parsed);
  });

  it('formats paths back the way people type them', () => {
    expect(formatRemotePath(parseRemotePath('docs/a'))).toBe('/docs/a');
    expect(formatRemotePath(parseRemotePath('shared:H/a'))).toBe('shared:H/a');
    expect(formatRemotePath(childPath(parseRemotePath('/'), 'x'))).toBe('/x');
  });
});

describe('localName', () => {
  it.each(['report.pdf', 'été.txt', '.hidden', '...'])('accepts %j', (name) => {
    expect(localName(name)).toBe(name);
  });

  it.each(['', '.', '..', 'a/b', '../x', 'a\\b', 'nul\0byte'])('refuses %j, which could write outside the target folder', (name) => {
    expect(() => localName(name)).toThrow('Refusing to write a local file named');
  });
});

describe('isNodeId', () => {
  it('tells node ids from paths', () => {
    expect(isNodeId('844b8375-3bc8-42bd-b4ee-bc52573e6056')).toBe(true);
    expect(isNodeId('844B8375-3BC8-42BD-B4EE-BC52573E6056')).toBe(true);
    expect(isNodeId('/844b8375-3bc8-42bd-b4ee-bc52573e6056')).toBe(false);
    expect(isNodeId('notes.txt')).toBe(false);
  });
});
