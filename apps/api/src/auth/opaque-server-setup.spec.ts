import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServerSetup, getServerPublicKey } from '@coffre/crypto/opaque-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOpaqueServerSetup, OPAQUE_SETUP_FILE } from './opaque-server-setup.js';

describe(loadOpaqueServerSetup.name, () => {
  let scratch: string;
  let dataDir: string;

  beforeEach(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'coffre-opaque-setup-'));
    // Not created in advance: a fresh install has no data directory yet.
    dataDir = path.join(scratch, 'data');
  });

  afterEach(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('creates a setup in the data directory, readable by its owner only, and finds the same one on the next start', async () => {
    const first = await loadOpaqueServerSetup({ opaqueServerSetup: undefined, dataDir });
    const second = await loadOpaqueServerSetup({ opaqueServerSetup: undefined, dataDir });

    expect(second).toBe(first);
    await expect(getServerPublicKey(first)).resolves.toMatch(/^[A-Za-z0-9_-]+$/);
    expect((await stat(path.join(dataDir, OPAQUE_SETUP_FILE))).mode & 0o777).toBe(0o600);
    expect(await readdir(dataDir)).toEqual([OPAQUE_SETUP_FILE]);
  });

  it('ends with one setup when several instances start at once on one data directory', async () => {
    const setups = await Promise.all(Array.from({ length: 8 }, () => loadOpaqueServerSetup({ opaqueServerSetup: undefined, dataDir })));
    expect(new Set(setups).size).toBe(1);
    expect(await readdir(dataDir)).toEqual([OPAQUE_SETUP_FILE]);
  });

  it('uses the configured setup and writes nothing', async () => {
    const configured = await createServerSetup();
    await expect(loadOpaqueServerSetup({ opaqueServerSetup: configured, dataDir })).resolves.toBe(configured);
    await expect(stat(dataDir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses an invalid configured setup, naming the variable', async () => {
    await expect(loadOpaqueServerSetup({ opaqueServerSetup: 'A'.repeat(171), dataDir })).rejects.toThrow(
      'COFFRE_OPAQUE_SERVER_SETUP does not hold a valid OPAQUE server setup',
    );
  });

  it('refuses a damaged setup file instead of replacing it (that would invalidate every password)', async () => {
    await loadOpaqueServerSetup({ opaqueServerSetup: undefined, dataDir });
    await writeFile(path.join(dataDir, OPAQUE_SETUP_FILE), 'damaged');
    await expect(loadOpaqueServerSetup({ opaqueServerSetup: undefined, dataDir })).rejects.toThrow(
      `${path.join(dataDir, OPAQUE_SETUP_FILE)} does not hold a valid OPAQUE server setup`,
    );
  });
});
