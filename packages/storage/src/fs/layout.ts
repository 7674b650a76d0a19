import path from 'node:path';
import { type ObjectId } from '../object-id.js';

// On-disk layout of a filesystem backend:
//   <root>/objects/ab/cd/abcd…   complete objects, fanned out over 65,536 directories so that no
//                                directory grows past a few thousand entries at billions of objects
//   <root>/tmp/<id>.<random>.partial   writes in progress; the same filesystem, so rename is atomic
// Anything in tmp/ is by definition not an object: a crash leaves at worst a stray temporary file.

/** Directory holding complete objects. */
export function objectsDirectory(root: string): string {
  return path.join(root, 'objects');
}

/** Directory holding writes in progress. */
export function temporaryDirectory(root: string): string {
  return path.join(root, 'tmp');
}

/** Where the object `key` lives once written. */
export function objectPath(root: string, key: ObjectId): string {
  return path.join(objectsDirectory(root), key.slice(0, 2), key.slice(2, 4), key);
}
