// The one contract every ObjectBackend honours, run against each implementation by its spec file.
// The replicated store relies on exactly these guarantees and on nothing backend-specific.
import { readSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ObjectBackend } from '../src/backend.js';
import { type ObjectId } from '../src/object-id.js';
import { failingStream, pausableStream, randomObject, readAll, sameBytes, sha256Hex, streamOf } from './support/bytes.js';
import { expectStorageError } from './support/expect-storage-error.js';

export interface BackendFixture {
  readonly backend: ObjectBackend;
  /**
   * Traces that unfinished writes left behind (temporary files, multipart uploads in progress).
   * Must be empty whenever no put is running.
   */
  readonly leftovers: () => Promise<readonly string[]>;
  /** Frees what the fixture created (directories, buckets). */
  readonly dispose: () => Promise<void>;
}

const MALFORMED_KEYS = ['', '../../etc/passwd', 'A'.repeat(64), `${'a'.repeat(63)}/`, 'a'.repeat(65)];

/** Registers the contract suite for one backend; `createFixture` runs before each test. */
export function describeBackendContract(name: string, createFixture: () => Promise<BackendFixture>): void {
  describe(`${name}: ObjectBackend contract`, () => {
    let fixture: BackendFixture;
    let backend: ObjectBackend;

    beforeEach(async () => {
      fixture = await createFixture();
      backend = fixture.backend;
    });
    afterEach(async () => {
      await fixture.dispose();
    });

    /** Asserts that `key` is absent in every way a reader could look, and that no trace is left. */
    async function expectNothingStored(key: ObjectId): Promise<void> {
      await expectStorageError(backend.head(key), 'NOT_FOUND');
      await expectStorageError(backend.get(key), 'NOT_FOUND');
      expect((await backend.list()).keys).not.toContain(key);
      expect(await fixture.leftovers()).toEqual([]);
    }

    it('stores an object and reads it back whole, with its size', async () => {
      const object = randomObject(200_001);
      await backend.put(object.id, streamOf(object.bytes, 7_000), { size: object.bytes.length });
      const read = await backend.get(object.id);
      expect(read.size).toBe(object.bytes.length);
      expect(sha256Hex(await readAll(read.body))).toBe(object.id);
      expect(await backend.head(object.id)).toEqual({ size: object.bytes.length, modifiedAt: expect.any(Date) });
      expect(Math.abs(Date.now() - (await backend.head(object.id)).modifiedAt.getTime())).toBeLessThan(60_000);
      expect((await backend.list()).keys).toEqual([object.id]);
      expect(await fixture.leftovers()).toEqual([]);
    });

    it('stores and reads an empty object', async () => {
      const empty = randomObject(0);
      await backend.put(empty.id, streamOf(empty.bytes), { size: 0 });
      const read = await backend.get(empty.id);
      expect(read.size).toBe(0);
      expect((await readAll(read.body)).length).toBe(0);
      expect(await backend.head(empty.id)).toMatchObject({ size: 0 });
    });

    it('reads explicit byte ranges: first byte, last byte, across chunks, and the whole object', async () => {
      const object = randomObject(3 * 1024 * 1024 + 17);
      await backend.put(object.id, streamOf(object.bytes, 300_000), { size: object.bytes.length });
      const size = object.bytes.length;
      for (const range of [
        { offset: 0, length: 1 },
        { offset: size - 1, length: 1 },
        { offset: 1_000_003, length: 2_100_000 },
        { offset: 0, length: size },
      ]) {
        const read = await backend.get(object.id, { range });
        expect(read.size).toBe(size);
        expect(sameBytes(await readAll(read.body), object.bytes.subarray(range.offset, range.offset + range.length))).toBe(true);
      }
    });

    it('reads the same bytes through localFile, when it offers one, as through the body, while the body is open', async () => {
      const object = randomObject(300_017);
      await backend.put(object.id, streamOf(object.bytes), { size: object.bytes.length });
      const range = { offset: 1_001, length: 250_000 };
      const read = await backend.get(object.id, { range });
      if (read.localFile === undefined) {
        await read.body.cancel();
        return;
      }
      expect({ start: read.localFile.start, end: read.localFile.end }).toEqual({ start: range.offset, end: range.offset + range.length });
      // Read by position before and after part of the body was pulled: the descriptor is the body's file.
      const fromFile = Buffer.alloc(range.length);
      expect(readSync(read.localFile.fd, fromFile, 0, range.length, read.localFile.start)).toBe(range.length);
      const reader = read.body.getReader();
      await reader.read();
      expect(readSync(read.localFile.fd, Buffer.alloc(10), 0, 10, read.localFile.start)).toBe(10);
      await reader.cancel();
      expect(sameBytes(fromFile, object.bytes.subarray(range.offset, range.offset + range.length))).toBe(true);
    });

    it('refuses a range that ends beyond the object', async () => {
      const object = randomObject(1000);
      await backend.put(object.id, streamOf(object.bytes), { size: 1000 });
      await expectStorageError(backend.get(object.id, { range: { offset: 1000, length: 1 } }), 'INVALID_INPUT');
    });

    it('answers NOT_FOUND for an absent object, and deletes absent objects without complaint', async () => {
      const absent = randomObject(10).id;
      await expectStorageError(backend.get(absent), 'NOT_FOUND');
      await expectStorageError(backend.get(absent, { range: { offset: 0, length: 1 } }), 'NOT_FOUND');
      await expectStorageError(backend.head(absent), 'NOT_FOUND');
      await backend.delete(absent);
    });

    it('deletes an object', async () => {
      const object = randomObject(5000);
      await backend.put(object.id, streamOf(object.bytes), { size: 5000 });
      await backend.delete(object.id);
      await expectNothingStored(object.id);
      await backend.delete(object.id);
    });

    it('refuses bytes that do not hash to the key, and stores nothing', async () => {
      const object = randomObject(100_000);
      const impostor = randomObject(100_000);
      await expectStorageError(backend.put(object.id, streamOf(impostor.bytes), { size: 100_000 }), 'INTEGRITY');
      await expectNothingStored(object.id);
    });

    it('refuses a body shorter or longer than announced, and stores nothing', async () => {
      const object = randomObject(100_000);
      await expectStorageError(backend.put(object.id, streamOf(object.bytes), { size: 100_001 }), 'INTEGRITY');
      await expectStorageError(backend.put(object.id, streamOf(object.bytes), { size: 99_999 }), 'INTEGRITY');
      await expectNothingStored(object.id);
    });

    it('skips its own hash check for a body verified upstream, but still checks the length', async () => {
      const object = randomObject(100_000);
      await expectStorageError(backend.put(object.id, streamOf(object.bytes), { size: 100_001, verified: true }), 'INTEGRITY');
      await expectNothingStored(object.id);
      await backend.put(object.id, streamOf(object.bytes), { size: 100_000, verified: true });
      expect(sha256Hex(await readAll((await backend.get(object.id)).body))).toBe(object.id);
    });

    it('stores nothing when the body fails midway, and blames the body', async () => {
      const object = randomObject(300_000);
      await expectStorageError(backend.put(object.id, failingStream(object.bytes, 150_000), { size: 300_000 }), 'ABORTED');
      await expectNothingStored(object.id);
    });

    it('stores nothing when aborted midway, and settles promptly', async () => {
      const object = randomObject(300_000);
      const { stream, paused } = pausableStream(object.bytes, 100_000);
      const controller = new AbortController();
      const put = backend.put(object.id, stream, { size: 300_000, signal: controller.signal });
      await paused;
      const abortedAt = Date.now();
      controller.abort();
      await expectStorageError(put, 'ABORTED');
      expect(Date.now() - abortedAt).toBeLessThan(2_000);
      await expectNothingStored(object.id);
    });

    it('never shows an object before its write has completed', async () => {
      const object = randomObject(300_000);
      const { stream, paused, resume } = pausableStream(object.bytes, 299_000);
      const put = backend.put(object.id, stream, { size: 300_000 });
      await paused;
      await expectStorageError(backend.head(object.id), 'NOT_FOUND');
      await expectStorageError(backend.get(object.id), 'NOT_FOUND');
      expect((await backend.list()).keys).toEqual([]);
      resume();
      await put;
      expect(sha256Hex(await readAll((await backend.get(object.id)).body))).toBe(object.id);
    });

    it('accepts the same object again, and concurrent writes of it, without corruption', async () => {
      const object = randomObject(400_000);
      await backend.put(object.id, streamOf(object.bytes), { size: 400_000 });
      await Promise.all(
        [4_096, 65_536, 10_000, 400_000].map((chunkSize) =>
          backend.put(object.id, streamOf(object.bytes, chunkSize), { size: 400_000 }),
        ),
      );
      expect(sha256Hex(await readAll((await backend.get(object.id)).body))).toBe(object.id);
      expect((await backend.list()).keys).toEqual([object.id]);
      expect(await fixture.leftovers()).toEqual([]);
    });

    it('lists every key once, in order, page by page', async () => {
      const ids = Array.from({ length: 7 }, (_, index) => randomObject(100 + index)).map(async (object) => {
        await backend.put(object.id, streamOf(object.bytes), { size: object.bytes.length });
        return object.id;
      });
      const stored = (await Promise.all(ids)).sort();
      const listed: ObjectId[] = [];
      let after: ObjectId | undefined;
      for (let pages = 0; pages < 10; pages += 1) {
        const page = await backend.list({ limit: 3, ...(after === undefined ? {} : { after }) });
        expect(page.keys.length).toBeLessThanOrEqual(3);
        listed.push(...page.keys);
        if (page.next === undefined) break;
        after = page.next;
      }
      expect(listed).toEqual(stored);
      expect((await backend.list({ after: stored[4]! })).keys).toEqual(stored.slice(5));
    });

    it('refuses malformed keys and list options before touching storage', async () => {
      for (const key of MALFORMED_KEYS) {
        await expectStorageError(backend.put(key, streamOf(new Uint8Array(1)), { size: 1 }), 'INVALID_INPUT');
        await expectStorageError(backend.get(key), 'INVALID_INPUT');
        await expectStorageError(backend.head(key), 'INVALID_INPUT');
        await expectStorageError(backend.delete(key), 'INVALID_INPUT');
      }
      await expectStorageError(backend.list({ limit: 0 }), 'INVALID_INPUT');
      await expectStorageError(backend.list({ after: '../x' }), 'INVALID_INPUT');
      const object = randomObject(10);
      await expectStorageError(backend.put(object.id, streamOf(object.bytes), { size: -1 }), 'INVALID_INPUT');
    });

    it('gives up on a read whose signal has fired', async () => {
      const object = randomObject(10);
      await backend.put(object.id, streamOf(object.bytes), { size: 10 });
      await expectStorageError(backend.get(object.id, { signal: AbortSignal.abort() }), 'ABORTED');
    });
  });
}
