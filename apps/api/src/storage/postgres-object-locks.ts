import { Logger } from '@nestjs/common';
import { StorageError } from '@coffre/storage/errors';
import { type ObjectId } from '@coffre/storage/object-id';
import { InProcessObjectLocks, type ObjectLocks } from '@coffre/storage/object-locks';
import pg from 'pg';

const logger = new Logger('ObjectLocks');

/**
 * Per-object locks shared by every API instance on one Postgres: a session advisory lock keyed by
 * the object id, held on a connection of a pool of its own for the length of the critical
 * section. The section's own queries go through the application's pool, so a full lock pool only
 * makes lockers wait, never deadlocks them; sections never nest (one object at a time).
 *
 * Holders in the same process queue in memory first, so an object being written by many requests
 * at once ties up one connection, not one per request.
 *
 * If the lock's connection breaks while a section runs, Postgres releases the lock and another
 * instance may enter: the section is not interrupted. Writes, repairs and garbage collection all
 * re-read the placement before acting, so this costs at worst duplicate work, and the grace period
 * of garbage collection keeps a write in progress from being collected even then.
 */
export class PostgresObjectLocks implements ObjectLocks {
  readonly #pool: pg.Pool;
  readonly #local = new InProcessObjectLocks();

  constructor(url: string, options: { readonly maxConnections?: number } = {}) {
    this.#pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10, application_name: 'coffre-object-locks' });
    // An idle connection that breaks is dropped by the pool; it must not crash the process.
    this.#pool.on('error', (error) => logger.warn(`object lock connection lost: ${error.message}`));
  }

  withLock<T>(objectId: ObjectId, critical: () => Promise<T>): Promise<T> {
    return this.#local.withLock(objectId, async () => {
      const key = advisoryLockKey(objectId);
      let client: pg.PoolClient;
      try {
        client = await this.#pool.connect();
      } catch (error) {
        throw new StorageError('UNAVAILABLE', 'the object lock could not be taken: the database is unreachable', { cause: error });
      }
      let broken = false;
      const onError = (error: Error): void => {
        broken = true;
        logger.warn(`the lock connection for ${objectId} broke while held: ${error.message}`);
      };
      client.on('error', onError);
      const release = (): void => {
        client.off('error', onError);
        // A connection that failed, or still holds the lock, must not go back to the pool.
        client.release(broken);
      };
      try {
        await client.query('SELECT pg_advisory_lock($1::bigint)', [key]);
      } catch (error) {
        broken = true;
        release();
        throw new StorageError('UNAVAILABLE', 'the object lock could not be taken', { cause: error });
      }
      try {
        return await critical();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]).catch(() => (broken = true));
        release();
      }
    });
  }

  /** Closes the pool; call once no section runs any more. */
  close(): Promise<void> {
    return this.#pool.end();
  }
}

/**
 * The advisory lock key of an object: the first 64 bits of its id (itself a SHA-256), as a signed
 * bigint. Two objects sharing them would only wait for each other, never corrupt anything.
 */
export function advisoryLockKey(objectId: ObjectId): string {
  return BigInt.asIntN(64, BigInt(`0x${objectId.slice(0, 16)}`)).toString();
}
