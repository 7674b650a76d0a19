// The scanner of the zero-knowledge test: everything the service keeps (database, storage
// backends, Redis, logs) read out in full as "evidence", searched for every secret a client
// holds in every spelling a careless line of code could write it in.
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { Redis } from 'ioredis';

/** Something only a client may know: text (a password, a file name) or bytes (a key). */
export interface Secret {
  readonly name: string;
  readonly value: string | Uint8Array;
}

/** One thing the service keeps, as bytes, and where it was found. */
export interface Evidence {
  readonly source: string;
  readonly bytes: Buffer;
}

/** A secret found in the evidence: which one, spelled how, where. */
export interface Leak {
  readonly secret: string;
  readonly spelling: string;
  readonly source: string;
}

/** One way to write a secret down. */
export interface Spelling {
  readonly name: string;
  readonly bytes: Buffer;
}

// Shorter secrets could turn up in random ciphertext by chance, and a test that fails at random
// is as useless as one that cannot fail.
const MIN_SECRET_BYTES = 16;

/**
 * The base64 characters that `bytes` fixes whatever surrounds them, when they start `offset`
 * bytes (0 to 2) into the encoded data: a secret inside a longer base64 string shows as one of
 * these three runs, depending on where in the string it sits.
 */
function base64Run(bytes: Buffer, offset: number, encoding: 'base64' | 'base64url'): string {
  const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString(encoding);
  // Characters are 6 bits: the first ones mix the padding bytes in, the last one the bytes after.
  const start = Math.ceil((offset * 8) / 6);
  const end = Math.floor(((offset + bytes.length) * 8) / 6);
  return encoded.slice(start, end);
}

/**
 * Every spelling of a secret that is checked: as stored (UTF-8 text or raw bytes), hex (both
 * cases), base64 and base64url at each of the three alignments, and URL-encoded for text.
 * @throws Error for a secret shorter than 16 bytes (it could match ciphertext by chance).
 */
export function spellingsOf(value: string | Uint8Array): Spelling[] {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
  if (bytes.length < MIN_SECRET_BYTES) throw new Error(`a secret of ${bytes.length} bytes is too short to search for`);
  const candidates: [string, string | Buffer][] = [
    [typeof value === 'string' ? 'utf8' : 'raw', bytes],
    ['hex', bytes.toString('hex')],
    ['HEX', bytes.toString('hex').toUpperCase()],
  ];
  for (const offset of [0, 1, 2]) {
    candidates.push([`base64@${offset}`, base64Run(bytes, offset, 'base64')], [`base64url@${offset}`, base64Run(bytes, offset, 'base64url')]);
  }
  if (typeof value === 'string' && encodeURIComponent(value) !== value) candidates.push(['url-encoded', encodeURIComponent(value)]);
  const seen = new Set<string>();
  const spellings: Spelling[] = [];
  for (const [name, spelled] of candidates) {
    const spelledBytes = typeof spelled === 'string' ? Buffer.from(spelled, 'latin1') : spelled;
    const key = spelledBytes.toString('hex');
    if (seen.has(key)) continue;
    seen.add(key);
    spellings.push({ name, bytes: spelledBytes });
  }
  return spellings;
}

/** Every secret found in every piece of evidence, in any spelling. Empty is the only good answer. */
export function findLeaks(secrets: readonly Secret[], evidence: readonly Evidence[]): Leak[] {
  const leaks: Leak[] = [];
  for (const secret of secrets) {
    for (const spelling of spellingsOf(secret.value)) {
      for (const piece of evidence) {
        if (piece.bytes.includes(spelling.bytes)) leaks.push({ secret: secret.name, spelling: spelling.name, source: piece.source });
      }
    }
  }
  return leaks;
}

/**
 * The whole database: `pg_dump --data-only` of every table as text, and every bytea value in it
 * decoded (the dump shows bytea as hex; decoded, raw bytes and text stored as bytes show too).
 */
export async function databaseEvidence(databaseUrl: string): Promise<Evidence[]> {
  const { stdout: dump } = await promisify(execFile)('pg_dump', ['--data-only', '--no-owner', '--no-privileges', databaseUrl], {
    maxBuffer: 256 * 1024 * 1024,
  });
  // COPY's text format writes bytea as \\x followed by hex digits.
  const decoded = [...dump.matchAll(/\\\\x((?:[0-9a-f]{2})+)/g)].map((match) => Buffer.from(match[1]!, 'hex'));
  return [
    { source: 'database dump', bytes: Buffer.from(dump, 'utf8') },
    ...decoded.map((bytes, index) => ({ source: `database bytea #${index}`, bytes })),
  ];
}

/** Every file under `directory`, each as one piece of evidence, and the list of their names. */
export async function directoryEvidence(label: string, directory: string): Promise<Evidence[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  const evidence = await Promise.all(files.map(async (file) => ({ source: `${label}/${path.relative(directory, file)}`, bytes: await readFile(file) })));
  const names = entries.map((entry) => path.relative(directory, path.join(entry.parentPath, entry.name))).join('\n');
  return [...evidence, { source: `${label} (file names)`, bytes: Buffer.from(names, 'utf8') }];
}

/** Every object of an S3 bucket, as the provider holds it, and the list of their keys. */
export async function bucketEvidence(label: string, client: S3Client, bucket: string): Promise<Evidence[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map((object) => object.Key!));
    token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  const evidence = await Promise.all(
    keys.map(async (key) => {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return { source: `${label}/${key}`, bytes: Buffer.from(await object.Body!.transformToByteArray()) };
    }),
  );
  return [...evidence, { source: `${label} (object keys)`, bytes: Buffer.from(keys.join('\n'), 'utf8') }];
}

/** Every Redis key under `prefix` with its whole value, whatever the type (BullMQ uses them all). */
export async function redisEvidence(redisUrl: string, prefix: string): Promise<Evidence[]> {
  const redis = new Redis(redisUrl);
  try {
    const keys: string[] = [];
    for await (const batch of redis.scanStream({ match: `${prefix}*`, count: 1000 })) keys.push(...(batch as string[]));
    return await Promise.all(
      keys.map(async (key) => ({ source: `redis ${key}`, bytes: Buffer.concat([Buffer.from(`${key}\n`), ...(await redisValue(redis, key))]) })),
    );
  } finally {
    redis.disconnect();
  }
}

async function redisValue(redis: Redis, key: string): Promise<Buffer[]> {
  const type = await redis.type(key);
  const separated = (values: Buffer[]) => values.flatMap((value) => [value, Buffer.from('\n')]);
  switch (type) {
    case 'string':
      return [(await redis.getBuffer(key)) ?? Buffer.alloc(0)];
    case 'hash':
      return separated(Object.entries(await redis.hgetallBuffer(key)).flatMap(([field, value]) => [Buffer.from(field), value]));
    case 'list':
      return separated(await redis.lrangeBuffer(key, 0, -1));
    case 'set':
      return separated(await redis.smembersBuffer(key));
    case 'zset':
      return separated(await redis.zrangeBuffer(key, '0', '-1', 'WITHSCORES'));
    case 'stream':
      return separated((await redis.xrangeBuffer(key, '-', '+')).flatMap(([id, fields]) => [id, ...fields]));
    case 'none':
      return []; // expired between SCAN and TYPE
    default:
      throw new Error(`Redis key ${key} has a type the scanner cannot read: ${type}`);
  }
}
