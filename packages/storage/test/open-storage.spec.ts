import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { devStorageConfig } from '../src/config.js';
import { openStorage } from '../src/open-storage.js';
import { InMemoryPlacementStore } from '../src/placement.js';
import { randomObject, readAll, sha256Hex, streamOf } from './support/bytes.js';
import { RecordingRepairQueue } from './support/recording-repair-queue.js';
import { makeTempDirectory, removeDirectory } from './support/temp-dirs.js';

describe('openStorage with the development default', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await makeTempDirectory('dev-default');
  });
  afterEach(async () => {
    await removeDirectory(dataDir);
  });

  it('stores each object in three local directories, one per jurisdiction, and reads it back', async () => {
    const storage = await openStorage(devStorageConfig(dataDir), { placements: new InMemoryPlacementStore(), repairs: new RecordingRepairQueue() });
    try {
      const object = randomObject(123_456);
      const { placement } = await storage.store.put(object.id, streamOf(object.bytes), object.bytes.length);
      expect(placement.locations.map((location) => location.jurisdiction).sort()).toEqual(['dev-a', 'dev-b', 'dev-c']);
      for (const backend of storage.backends) expect(await backend.head(object.id)).toMatchObject({ size: 123_456 });
      expect(sha256Hex(await readAll((await storage.store.get(object.id)).body))).toBe(object.id);
    } finally {
      await storage.close();
    }
  });
});
