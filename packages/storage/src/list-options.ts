import { type ListOptions, MAX_LIST_LIMIT } from './backend.js';
import { StorageError } from './errors.js';
import { type ObjectId, assertObjectId } from './object-id.js';

/**
 * Validates `list` options shared by every backend and fills in the default page size.
 *
 * @throws {StorageError} INVALID_INPUT
 */
export function resolveListOptions(options: ListOptions = {}): { after: ObjectId | undefined; limit: number } {
  const limit = options.limit ?? MAX_LIST_LIMIT;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
    throw new StorageError('INVALID_INPUT', `a list limit is an integer from 1 to ${MAX_LIST_LIMIT}`);
  }
  if (options.after !== undefined) assertObjectId(options.after);
  return { after: options.after, limit };
}
