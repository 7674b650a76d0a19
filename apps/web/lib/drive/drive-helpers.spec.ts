import { type DriveNode } from '@coffre/sdk/drive';
import { describe, expect, it } from 'vitest';
import { folderPathOf, pickedFiles } from './dropped-files.ts';
import { sortNodes, toggleSort } from './sort-nodes.ts';
import { addSample, bytesPerSecond, formatDuration, RATE_WINDOW_MS, secondsLeft } from './transfer-rate.ts';

describe('folder paths of picked files', () => {
  it.each([
    ['a.txt', ''],
    ['album/a.jpg', 'album'],
    ['album/2026/july/a.jpg', 'album/2026/july'],
    ['', ''],
  ])('%s goes into "%s"', (relative, folder) => {
    expect(folderPathOf(relative)).toBe(folder);
  });

  it('reads the folder picker’s relative paths', () => {
    const file = new File(['x'], 'a.jpg');
    Object.defineProperty(file, 'webkitRelativePath', { value: 'album/2026/a.jpg' });
    expect(pickedFiles([file])).toEqual([{ file, folderPath: 'album/2026' }]);
  });
});

describe('transfer rate', () => {
  it('measures over the last window, so a stall shows', () => {
    let samples = [{ at: 0, done: 0 }];
    samples = addSample(samples, { at: 1000, done: 1_000_000 });
    samples = addSample(samples, { at: 2000, done: 2_000_000 });
    expect(bytesPerSecond(samples)).toBe(1_000_000);
    // Stalled for a whole window: the old, fast samples fall out.
    samples = addSample(samples, { at: 2000 + RATE_WINDOW_MS, done: 2_000_000 });
    samples = addSample(samples, { at: 3000 + RATE_WINDOW_MS, done: 2_000_000 });
    expect(bytesPerSecond(samples)).toBeUndefined();
  });

  it('gives no speed before a second has passed, and no time left without a speed', () => {
    expect(bytesPerSecond([{ at: 0, done: 0 }, { at: 500, done: 10 }])).toBeUndefined();
    expect(secondsLeft(0, 100, undefined)).toBeUndefined();
    expect(secondsLeft(40, 100, 20)).toBe(3);
  });

  it.each([
    [5, '5 s'],
    [90, '2 min'],
    [3600, '1 h'],
    [3900, '1 h 5 min'],
  ])('%d seconds read "%s"', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

function node(name: string, kind: 'file' | 'folder', size = 0, mtime: number | null = null): DriveNode {
  return { id: name, parentId: 'p', ownerId: 'o', kind, name, size, mtime, mediaType: null, contentVersion: null, version: 1, writerId: 'o', trashedAt: null, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', shared: null };
}

describe('sorting the list', () => {
  const nodes = [node('b10.txt', 'file', 5, 3), node('b9.txt', 'file', 50, 1), node('Zed', 'folder'), node('alpha', 'folder')];

  it('puts folders first, names in natural order', () => {
    expect(sortNodes(nodes, { key: 'name', direction: 'ascending' }).map((entry) => entry.name)).toEqual(['alpha', 'Zed', 'b9.txt', 'b10.txt']);
    expect(sortNodes(nodes, { key: 'name', direction: 'descending' }).map((entry) => entry.name)).toEqual(['Zed', 'alpha', 'b10.txt', 'b9.txt']);
  });

  it('sorts by size and by modification time', () => {
    expect(sortNodes(nodes, { key: 'size', direction: 'descending' }).map((entry) => entry.name)).toEqual(['alpha', 'Zed', 'b9.txt', 'b10.txt']);
    expect(sortNodes(nodes, { key: 'modified', direction: 'ascending' }).slice(2).map((entry) => entry.name)).toEqual(['b9.txt', 'b10.txt']);
  });

  it('flips the direction of the column already sorted, and starts ascending on another', () => {
    expect(toggleSort({ key: 'name', direction: 'ascending' }, 'name')).toEqual({ key: 'name', direction: 'descending' });
    expect(toggleSort({ key: 'name', direction: 'descending' }, 'size')).toEqual({ key: 'size', direction: 'ascending' });
  });
});
