// Damage done to a filesystem backend's copy behind the store's back, as a failing disk would.
import { readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { objectPath } from '../../src/fs/layout.js';
import { type ObjectId } from '../../src/object-id.js';

/** Flips one bit of the copy of `objectId` under `root`, at `offset`. */
export async function flipBit(root: string, objectId: ObjectId, offset: number): Promise<void> {
  const file = objectPath(root, objectId);
  const bytes = await readFile(file);
  bytes[offset]! ^= 0x10;
  await writeFile(file, bytes);
}

/** Cuts the copy of `objectId` under `root` to `length` bytes. */
export function truncateCopy(root: string, objectId: ObjectId, length: number): Promise<void> {
  return truncate(objectPath(root, objectId), length);
}

/** Deletes the copy of `objectId` under `root`. */
export function loseCopy(root: string, objectId: ObjectId): Promise<void> {
  return rm(objectPath(root, objectId));
}

/** Appends a byte to the copy of `objectId` under `root`. */
export async function extendCopy(root: string, objectId: ObjectId): Promise<void> {
  const file = objectPath(root, objectId);
  await writeFile(file, Buffer.concat([await readFile(file), Buffer.from([0])]));
}
