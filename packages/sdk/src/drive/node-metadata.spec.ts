import { describe, expect, it } from 'vitest';
import { DriveError } from './drive-error.js';
import { type NodeMetadata, decodeMetadata, encodeMetadata } from './node-metadata.js';
import { normalizeName, splitPath } from './node-name.js';

const file: NodeMetadata = { kind: 'file', size: 42, mtime: 1767225600123, mediaType: 'application/pdf', contentVersion: 3 };
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('node metadata', () => {
  it('round-trips files and folders', () => {
    expect(decodeMetadata(encodeMetadata(file))).toEqual(file);
    const folder: NodeMetadata = { kind: 'folder', size: 0, mtime: null, mediaType: null, contentVersion: null };
    expect(decodeMetadata(encodeMetadata(folder))).toEqual(folder);
  });

  it.each([
    ['not JSON', '{'],
    ['not UTF-8', '\u00ff'],
    ['an unknown version', JSON.stringify({ v: 2, kind: 'file', size: 1, mtime: null, mediaType: null, contentVersion: null })],
    ['an unknown kind', JSON.stringify({ v: 1, kind: 'link', size: 1, mtime: null, mediaType: null, contentVersion: null })],
    ['a negative size', JSON.stringify({ v: 1, kind: 'file', size: -1, mtime: null, mediaType: null, contentVersion: null })],
    ['a fractional size', JSON.stringify({ v: 1, kind: 'file', size: 1.5, mtime: null, mediaType: null, contentVersion: null })],
    ['a content version on a folder', JSON.stringify({ v: 1, kind: 'folder', size: 0, mtime: null, mediaType: null, contentVersion: 1 })],
    ['a media type that is not a string', JSON.stringify({ v: 1, kind: 'file', size: 1, mtime: null, mediaType: 5, contentVersion: null })],
    ['null', 'null'],
  ])('refuses %s as TAMPERED', (_name, text) => {
    const bytes = text === '\u00ff' ? new Uint8Array([0xff]) : utf8(text);
    expect(() => decodeMetadata(bytes)).toThrow(DriveError);
  });
});

describe('node names', () => {
  it('normalises to NFC, so the same name typed two ways is one name', () => {
    expect(normalizeName('Ame\u0301lie')).toBe('Amélie');
    expect(splitPath('/a//b/c/')).toEqual(['a', 'b', 'c']);
    expect(splitPath('/')).toEqual([]);
  });

  it.each([[''], ['.'], ['..'], ['a/b'], ['nul\0'], ['x'.repeat(256)], ['é'.repeat(128)]])('refuses %j', (name) => {
    expect(() => normalizeName(name)).toThrow(expect.objectContaining({ code: 'INVALID_NAME' }));
  });

  it('accepts 255 bytes exactly', () => {
    expect(normalizeName('x'.repeat(255))).toHaveLength(255);
  });
});
