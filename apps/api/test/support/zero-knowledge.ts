import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseRecoveryKey } from '@coffre/crypto/recovery';
import { createTestDatabase } from '@coffre/db/testing';
import { createClient } from '@coffre/sdk/client';
import { Redis } from 'ioredis';
import { expect } from 'vitest';
import { uniqueEmail, uniquePassword } from './accounts.js';
import { listeningUrl, outputOf, spawnBuiltApi } from './run-built-api.js';
import { deleteRedisKeys } from './start-test-app.js';

/** Every way a secret could be written down: as text, and its bytes in hex, base64 and base64url. */
function spellings(secret: string | Uint8Array): string[] {
  if (typeof secret === 'string') return [secret];
  const bytes = Buffer.from(secret);
  return [bytes.toString('hex'), bytes.toString('base64').replace(/=+$/, ''), bytes.toString('base64url')];
}

/** Everything stored under `prefix` in Redis, keys and values. */
async function redisContents(prefix: string): Promise<string> {
  const redis = new Redis('redis://127.0.0.1:6379');
  try {
    const keys = await redis.keys(`${prefix}*`);
    const values = await Promise.all(keys.map((key) => redis.getBuffer(key).catch(() => null)));
    return keys.map((key, index) => `${key} ${values[index]?.toString('latin1') ?? ''}`).join('\n');
  } finally {
    redis.disconnect();
  }
}

/**
 * Runs the built API at trace level against a fresh database, signs an account up, logs in,
 * changes the password and looks keys up through the SDK, then searches the full database dump,
 * Redis and every log line for the passwords, the root and identity secret keys, the recovery
 * key and the session tokens, in every spelling. The dump must hold the account (its email and
 * public key), or the search would prove nothing.
 */
export async function zeroKnowledgeCheck(): Promise<void> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'coffre-zero-knowledge-'));
  const prefix = `coffre-zk-${path.basename(dataDir)}:`;
  const child = spawnBuiltApi({
    PORT: '0',
    DATABASE_URL: database.url,
    COFFRE_DATA_DIR: dataDir,
    COFFRE_REDIS_KEY_PREFIX: prefix,
    LOG_LEVEL: 'trace',
    NODE_ENV: 'test',
  });
  const finished = outputOf(child);
  try {
    const baseUrl = await listeningUrl(child, 30_000);
    const email = uniqueEmail('secretive');
    const [password, newPassword] = [uniquePassword(), uniquePassword()];
    const client = createClient({ baseUrl });

    const signedUp = await client.signup(email, password);
    const loggedIn = await client.login(email, password);
    await client.changePassword(password, newPassword);
    const contact = await client.lookupPublicKeys(email);
    await client.logout();

    child.kill('SIGTERM');
    const { stdout, stderr, code } = await finished;
    expect(code).toBe(0);
    const { stdout: dump } = await promisify(execFile)('pg_dump', ['--data-only', '--no-owner', database.url], { maxBuffer: 64 * 1024 * 1024 });
    const redis = await redisContents(prefix);

    expect(dump).toContain(email);
    expect(dump).toContain(Buffer.from(contact.publicKeys.signing).toString('base64url'));
    expect(stdout).toContain('/api/auth/login/finish');

    const secrets: [string, string | Uint8Array][] = [
      ['password', password],
      ['new password', newPassword],
      ['root key', loggedIn.keys.rootKey],
      ['sharing secret key', loggedIn.keys.sharing.secretKey],
      ['signing secret key', loggedIn.keys.signing.secretKey],
      ['recovery key', signedUp.recoveryKey],
      ['recovery key, compact', signedUp.recoveryKey.replaceAll('-', '')],
      ['recovery secret', parseRecoveryKey(signedUp.recoveryKey)],
      ['session token (signup)', signedUp.token],
      ['session token (login)', loggedIn.token],
    ];
    for (const [name, secret] of secrets) {
      for (const spelling of spellings(secret)) {
        expect(dump.includes(spelling), `${name} in the database dump`).toBe(false);
        expect(redis.includes(spelling), `${name} in Redis`).toBe(false);
        expect(stdout.includes(spelling) || stderr.includes(spelling), `${name} in the logs`).toBe(false);
      }
    }
  } finally {
    child.kill('SIGKILL');
    await deleteRedisKeys('redis://127.0.0.1:6379', prefix);
    await rm(dataDir, { recursive: true, force: true });
    await database.drop();
  }
}
