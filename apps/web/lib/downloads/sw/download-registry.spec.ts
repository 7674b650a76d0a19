import { describe, expect, it } from 'vitest';
import { type DownloadTicket } from '../ticket.ts';
import { DownloadRegistry, IDLE_LIFETIME_MS, MAX_LIFETIME_MS } from './download-registry.ts';

function ticket(): DownloadTicket {
  return {
    apiUrl: 'http://127.0.0.1:4000',
    token: null,
    disposition: 'attachment',
    name: 'a.txt',
    mediaType: null,
    zip: false,
    files: [{ path: 'a.txt', mtime: null, access: { fileKey: new Uint8Array(32).fill(7), binding: { ownerId: 'o', nodeId: 'n', version: 1 }, size: 1, route: { kind: 'drive', nodeId: 'n', number: 1 } } }],
  };
}

describe('DownloadRegistry', () => {
  it('names each ticket by a fresh 128-bit id', () => {
    const registry = new DownloadRegistry();
    const ids = new Set(Array.from({ length: 100 }, () => registry.add(ticket())));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(registry.use('0'.repeat(32))).toBeUndefined();
  });

  it('forgets a ticket left unused, and overwrites its keys', () => {
    let now = 0;
    const registry = new DownloadRegistry(() => now);
    const added = ticket();
    const id = registry.add(added);
    now = IDLE_LIFETIME_MS - 1;
    expect(registry.use(id)).toBe(added);
    now += IDLE_LIFETIME_MS + 1;
    expect(registry.use(id)).toBeUndefined();
    expect(added.files[0]!.access.fileKey.every((byte) => byte === 0)).toBe(true);
  });

  it('forgets a ticket in use once it reaches its maximum age', () => {
    let now = 0;
    const registry = new DownloadRegistry(() => now);
    const id = registry.add(ticket());
    while (now + IDLE_LIFETIME_MS / 2 <= MAX_LIFETIME_MS) {
      now += IDLE_LIFETIME_MS / 2;
      expect(registry.use(id)).toBeDefined();
    }
    now = MAX_LIFETIME_MS + 1;
    expect(registry.use(id)).toBeUndefined();
    expect(registry.size).toBe(0);
  });
});
