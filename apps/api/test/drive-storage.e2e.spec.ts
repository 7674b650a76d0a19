// The drive over replicated storage, end to end: two filesystem backends and a bucket on a real
// S3 endpoint, one Postgres database and one Redis shared by two API instances, as behind a load
// balancer. Purges run as BullMQ jobs on whichever instance takes them.
import { createClient } from '@coffre/sdk/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DriveBed, startDriveBed } from './support/drive-bed.js';
import {
  type DriveUser,
  type TestNode,
  MIB,
  driveUser,
  eventually,
  fileKeyWrapFor,
  makeNode,
  makeRoot,
  partsOf,
  randomContent,
  readAll,
  request,
  routesWithToken,
  sha256Hex,
  uploadVersion,
} from './support/drive.js';
import { signUp } from './support/accounts.js';
import { type TestApp } from './support/start-test-app.js';

let bed: DriveBed;
let first: TestApp;
let second: TestApp;
let ada: DriveUser;
let root: TestNode;

beforeAll(async () => {
  bed = await startDriveBed();
  first = await bed.startInstance();
  second = await bed.startInstance();
  ada = await driveUser(first.url, 'ada');
  root = await makeRoot(ada);
});

afterAll(async () => {
  await bed?.close();
});

const ALL = ['fs-a', 'fs-b', 's3-c'];

function same(actual: Uint8Array, expected: Uint8Array): boolean {
  return Buffer.from(actual).equals(Buffer.from(expected));
}

describe('two API instances', () => {
  it('serve one upload between them: started on one, parts through both, resumed and completed on the other', async () => {
    const onSecond = routesWithToken(second.url, ada.token);
    const file = await makeNode(ada, root, 'file');
    const bytes = randomContent(3 * MIB + 77);
    const parts = partsOf(bytes, MIB);
    const upload = await ada.routes.startUpload(file.id, { ciphertextSize: bytes.length, partSize: MIB });

    await ada.routes.putPart(upload.uploadId, 0, parts[0]!.bytes, parts[0]!.sha256);
    await onSecond.putPart(upload.uploadId, 1, parts[1]!.bytes, parts[1]!.sha256);
    // The same part through both at once: one object, one record.
    const [one, other] = await Promise.all([
      ada.routes.putPart(upload.uploadId, 2, parts[2]!.bytes, parts[2]!.sha256),
      onSecond.putPart(upload.uploadId, 2, parts[2]!.bytes, parts[2]!.sha256),
    ]);
    expect(one).toEqual(other);
    expect((await onSecond.getUpload(upload.uploadId)).parts.map((part) => part.n)).toEqual([0, 1, 2]);
    await ada.routes.putPart(upload.uploadId, 3, parts[3]!.bytes, parts[3]!.sha256);
    await onSecond.completeUpload(upload.uploadId, { fileKeyWrap: fileKeyWrapFor(file, upload.number), parts: parts.map(({ n, sha256, size }) => ({ n, sha256, size })) });

    expect(same(await readAll((await onSecond.getContent(file.id)).body), bytes)).toBe(true);
    const range = await ada.routes.getContent(file.id, { start: 2 * MIB - 5, end: 2 * MIB + 5 });
    expect(same(await readAll(range.body), bytes.subarray(2 * MIB - 5, 2 * MIB + 5))).toBe(true);
    for (const part of parts) expect((await bed.holders(part.sha256)).sort()).toEqual(ALL);
  });
});

describe('damaged copies', () => {
  it('are read around: a copy with a flipped bit is never served, another copy is', async () => {
    const file = await makeNode(ada, root, 'file');
    const bytes = randomContent(MIB + 300_000);
    await uploadVersion(ada, file, bytes);
    const [part0, part1] = partsOf(bytes, MIB);
    // Part 0 is sound only on S3; part 1 is damaged on one directory.
    await bed.corrupt('fs-a', part0!.sha256, 1000);
    await bed.corrupt('fs-b', part0!.sha256, 700_000);
    await bed.corrupt('fs-a', part1!.sha256, 5);

    for (const instance of [first, second]) {
      const routes = routesWithToken(instance.url, ada.token);
      expect(same(await readAll((await routes.getContent(file.id)).body), bytes)).toBe(true);
      expect(same(await readAll((await routes.getContent(file.id, { start: 999, end: 1001 })).body), bytes.subarray(999, 1001))).toBe(true);
    }
  });

  it('fail the download with an error when no copy is sound, never with wrong bytes', async () => {
    const file = await makeNode(ada, root, 'file');
    const bytes = randomContent(2 * MIB);
    await uploadVersion(ada, file, bytes);
    const [, part1] = partsOf(bytes, MIB);
    // Part 1 damaged on both directories, and S3, its last copy, out of reach.
    await bed.corrupt('fs-a', part1!.sha256, 4242);
    await bed.corrupt('fs-b', part1!.sha256, 4242);
    await bed.s3.stop();
    try {
      // Part 0 is sound, so the answer starts; it must break off, not go on with bad bytes.
      const whole = await ada.routes
        .getContent(file.id)
        .then(async (content) => readAll(content.body))
        .catch((error: unknown) => error);
      expect(whole).toBeInstanceOf(Error);
      // A range inside the damaged block never yields bytes either.
      const partial = await ada.routes
        .getContent(file.id, { start: MIB + 4000, end: MIB + 5000 })
        .then(async (content) => readAll(content.body))
        .catch((error: unknown) => error);
      expect(partial).toBeInstanceOf(Error);
      // Bytes of the sound part are still served, verified.
      const sound = await ada.routes.getContent(file.id, { start: 10, end: 20 });
      expect(same(await readAll(sound.body), bytes.subarray(10, 20))).toBe(true);
    } finally {
      await bed.s3.restart();
    }
    // With S3 back, its sound copy serves the whole file again.
    expect(same(await readAll((await ada.routes.getContent(file.id)).body), bytes)).toBe(true);
  });
});

describe('removing a file for good', () => {
  it('removes its stored objects from every backend, and only those nothing else refers to', async () => {
    const file = await makeNode(ada, root, 'file');
    const kept = await makeNode(ada, root, 'file');
    const bytes = randomContent(MIB + 10);
    const shared = randomContent(5000);
    await uploadVersion(ada, file, bytes);
    await uploadVersion(ada, file, shared);
    // Another file holding the same bytes (the same client re-uploading them): the object stays.
    await uploadVersion(ada, kept, shared);
    const gone = partsOf(bytes, MIB).map((part) => part.sha256);
    for (const objectId of [...gone, sha256Hex(shared)]) expect((await bed.holders(objectId)).sort()).toEqual(ALL);

    await ada.routes.deleteNode(file.id);

    await eventually(async () => {
      for (const objectId of gone) expect(await bed.holders(objectId)).toEqual([]);
    }, 30_000);
    for (const objectId of gone) expect(await bed.database.prisma.storedObject.findUnique({ where: { id: objectId } })).toBeNull();
    await eventually(async () => expect(await bed.database.prisma.objectPurge.count()).toBe(0));
    expect((await bed.holders(sha256Hex(shared))).sort()).toEqual(ALL);
    expect(same(await readAll((await ada.routes.getContent(kept.id)).body), shared)).toBe(true);
  });
});

describe('deleting an account', () => {
  it('removes its drive and every stored object of it from every backend', async () => {
    const lin = await signUp(first.url, 'lin');
    const user: DriveUser = { accountId: lin.accountId, token: lin.token, keys: lin.keys, routes: routesWithToken(first.url, lin.token) };
    const linRoot = await makeRoot(user);
    const folder = await makeNode(user, linRoot);
    const file = await makeNode(user, folder, 'file');
    const bytes = randomContent(2 * MIB + 5);
    await uploadVersion(user, file, bytes);
    const pending = randomContent(1000);
    const upload = await user.routes.startUpload(file.id, { ciphertextSize: 1000, partSize: MIB });
    await user.routes.putPart(upload.uploadId, 0, pending, sha256Hex(pending));
    const objects = [...partsOf(bytes, MIB).map((part) => part.sha256), sha256Hex(pending)];

    await lin.client.deleteAccount(lin.password);

    expect(await bed.database.prisma.node.count({ where: { ownerId: lin.accountId } })).toBe(0);
    expect(await bed.database.prisma.account.findUnique({ where: { id: lin.accountId } })).toBeNull();
    await eventually(async () => {
      for (const objectId of objects) expect(await bed.holders(objectId)).toEqual([]);
    }, 30_000);
    const signedOut = await request(second.url, user, 'GET', `/api/nodes/${folder.id}`);
    expect(signedOut.status).toBe(401);
  });

  it('leaves the other accounts’ objects alone', async () => {
    const file = await makeNode(ada, root, 'file');
    const bytes = randomContent(4000);
    await uploadVersion(ada, file, bytes);
    const lin = await signUp(first.url, 'lin');
    // Through the other instance: any instance deletes any account.
    await createClient({ baseUrl: second.url, token: lin.token }).deleteAccount(lin.password);
    expect(await bed.database.prisma.account.findUnique({ where: { id: lin.accountId } })).toBeNull();
    expect((await bed.holders(sha256Hex(bytes))).sort()).toEqual(ALL);
  });
});
