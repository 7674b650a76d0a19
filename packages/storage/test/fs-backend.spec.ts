import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { FileSystemBackend } from '../src/fs/fs-backend.js';
import { objectPath } from '../src/fs/layout.js';
import { describeBackendContract } from './contract.js';
import { randomObject, readAll, sameBytes, streamOf } from './support/bytes.js';
import { expectStorageError } from './support/expect-storage-error.js';
import { makeTempDirectory, removeDirectory, temporaryFiles } from './support/temp-dirs.js';

describeBackendContract('filesystem', async () => {
  const root = await makeTempDirectory('fs');
  return {
    backend: new FileSystemBackend({ id: 'fs-1', jurisdiction: 'dev-a', root, readChunkSize: 64 * 1024 }),
    leftovers: () => temporaryFiles(root),
    dispose: () => removeDirectory(root),
  };
});

describe('filesystem backend specifics', () => {
  it('fans objects out over two directory levels named after the key', async () => {
    const root = await makeTempDirectory('fs-layout');
    try {
      const backend = new FileSystemBackend({ id: 'fs-1', jurisdiction: 'dev-a', root });
      const object = randomObject(1234);
      await backend.put(object.id, streamOf(object.bytes), { size: 1234 });
      const file = objectPath(root, object.id);
      expect(file.endsWith(`/objects/${object.id.slice(0, 2)}/${object.id.slice(2, 4)}/${object.id}`)).toBe(true);
      expect(sameBytes(await readFile(file), object.bytes)).toBe(true);
    } finally {
      await removeDirectory(root);
    }
  });

  it('reads straight into the buffers of a BYOB reader, within the range asked for, and ends a short file early', async () => {
    const root = await makeTempDirectory('fs-byob');
    try {
      const backend = new FileSystemBackend({ id: 'fs-1', jurisdiction: 'dev-a', root, readChunkSize: 1000 });
      const object = randomObject(10_000);
      await backend.put(object.id, streamOf(object.bytes), { size: 10_000 });
      const { body } = await backend.get(object.id, { range: { offset: 1_000, length: 5_000 } });
      const reader = body.getReader({ mode: 'byob' });
      // Larger than the chunk size and than what is left: the file is read into it as far as the range goes.
      const first = await reader.read(new Uint8Array(4_096));
      expect(first.value?.length).toBe(4_096);
      expect(sameBytes(first.value!, object.bytes.subarray(1_000, 5_096))).toBe(true);
      const second = await reader.read(new Uint8Array(4_096));
      expect(sameBytes(second.value!, object.bytes.subarray(5_096, 6_000))).toBe(true);
      expect((await reader.read(new Uint8Array(16))).done).toBe(true);

      // Cut short on disk after opening: what is there comes out, then the end.
      const cut = await backend.get(object.id);
      await writeFile(objectPath(root, object.id), object.bytes.subarray(0, 2_500));
      const cutReader = cut.body.getReader({ mode: 'byob' });
      const got = await cutReader.read(new Uint8Array(10_000));
      expect(got.value?.length).toBe(2_500);
      expect((await cutReader.read(new Uint8Array(16))).done).toBe(true);
    } finally {
      await removeDirectory(root);
    }
  });

  it('returns bytes as stored, damage included: checking them is the reader’s job', async () => {
    const root = await makeTempDirectory('fs-damage');
    try {
      const backend = new FileSystemBackend({ id: 'fs-1', jurisdiction: 'dev-a', root });
      const object = randomObject(1000);
      await backend.put(object.id, streamOf(object.bytes), { size: 1000 });
      const damaged = object.bytes.slice();
      damaged[500]! ^= 0x01;
      await writeFile(objectPath(root, object.id), damaged);
      expect(sameBytes(await readAll((await backend.get(object.id)).body), damaged)).toBe(true);
    } finally {
      await removeDirectory(root);
    }
  });

  it('reports a root it cannot write to as UNAVAILABLE, not as a missing object', async () => {
    const root = await makeTempDirectory('fs-broken');
    try {
      // A file where the backend's directory should be: every write fails at the filesystem.
      await writeFile(`${root}/not-a-directory`, 'x');
      const backend = new FileSystemBackend({ id: 'fs-1', jurisdiction: 'dev-a', root: `${root}/not-a-directory` });
      const object = randomObject(10);
      await expectStorageError(backend.put(object.id, streamOf(object.bytes), { size: 10 }), 'UNAVAILABLE');
      await expectStorageError(backend.head(object.id), 'UNAVAILABLE');
    } finally {
      await removeDirectory(root);
    }
  });
});
