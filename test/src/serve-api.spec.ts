import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { serveApi } from './serve-api.ts';

const dataDirs = () => readdirSync(tmpdir()).filter((name) => name.startsWith('coffre-e2e-api-'));

describe('serveApi', () => {
  it("reports the API's own words when it refuses to start, and leaves no data directory behind", async () => {
    const before = new Set(dataDirs());
    await expect(
      serveApi({ databaseUrl: 'postgresql://postgres@127.0.0.1:5432/unused', webOrigins: ['http://127.0.0.1:3000/with-a-path'], startTimeoutMs: 20_000 }),
    ).rejects.toThrow(/did not start[\s\S]*COFFRE_WEB_ORIGINS: must list origins/);
    expect(dataDirs().filter((name) => !before.has(name))).toEqual([]);
  });
});
