// The drive as its clients drive it, for the drive's end-to-end specs: accounts signed up through
// the SDK, node records sealed and signed with @coffre/crypto exactly as clients make them, and
// uploads sent part by part through the SDK's typed routes.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { type AccountKeys } from '@coffre/crypto/account';
import { sealEnvelope } from '@coffre/crypto/envelope';
import { ciphertextHash, signNodeRecord } from '@coffre/crypto/signature';
import { objectPath } from '@coffre/storage/fs';
import { type DriveRoutes, createDriveRoutesFor } from '@coffre/sdk/drive-routes';
import { type CreateNodeRequest, type FileVersionView, type NodeKind, type UpdateNodeRequest } from '@coffre/sdk/drive-types';
import { ApiError } from '@coffre/sdk/errors';
import { expect } from 'vitest';
import { signUp } from './accounts.js';

/** A signed-up account with its keys and the drive's routes. */
export interface DriveUser {
  accountId: string;
  token: string;
  keys: AccountKeys;
  routes: DriveRoutes;
}

/** A node a test made, with what its client would hold: its key and current record. */
export interface TestNode {
  id: string;
  ownerId: string;
  parentId: string | null;
  kind: NodeKind;
  key: Uint8Array;
  version: number;
}

export const MIB = 1024 * 1024;
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

/** Signs an account up and gives it the drive's routes. */
export async function driveUser(baseUrl: string, name: string): Promise<DriveUser> {
  const account = await signUp(baseUrl, name);
  return {
    accountId: account.accountId,
    token: account.token,
    keys: account.keys,
    routes: createDriveRoutesFor({ baseUrl, token: () => account.token }),
  };
}

/** The drive's routes with another token: as another client of the same account, or of none. */
export function routesWithToken(baseUrl: string, token: string | undefined): DriveRoutes {
  return createDriveRoutesFor({ baseUrl, token: () => token });
}

/** What a node record says, before it is sealed and signed. */
export interface RecordSpec {
  id: string;
  ownerId: string;
  /** The parent and the key the node key is wrapped under; null for a root (the root key). */
  parent: { id: string; key: Uint8Array } | null;
  key: Uint8Array;
  version: number;
  name?: string;
  metadata?: Uint8Array;
}

/** Seals and signs a record with `writer`'s keys, as a client does. */
export function sealRecord(writer: Pick<DriveUser, 'keys'>, spec: RecordSpec) {
  const binding = { ownerId: spec.ownerId, nodeId: spec.id, parentId: spec.parent?.id ?? '', version: spec.version };
  const keyWrap = sealEnvelope(spec.parent?.key ?? writer.keys.rootKey, 'node-key-wrap', binding, spec.key);
  const name = sealEnvelope(spec.key, 'node-name', binding, new TextEncoder().encode(spec.name ?? `node ${spec.id.slice(0, 8)}`));
  const metadata = sealEnvelope(spec.key, 'node-metadata', binding, spec.metadata ?? new TextEncoder().encode('{}'));
  const signature = signNodeRecord(
    {
      nodeId: spec.id,
      parentId: spec.parent?.id ?? '',
      ownerId: spec.ownerId,
      version: spec.version,
      nameHash: ciphertextHash(name),
      metadataHash: ciphertextHash(metadata),
      wrappedKeyHash: ciphertextHash(keyWrap),
    },
    writer.keys.signing.secretKey,
  );
  return { keyWrap: b64(keyWrap), name: b64(name), metadata: b64(metadata), signature: b64(signature) };
}

/** A create request for a new node under `parent` (null: the writer's root folder). */
export function newNodeRequest(writer: DriveUser, parent: TestNode | null, kind: NodeKind, options: { name?: string; id?: string } = {}) {
  const id = options.id ?? randomUUID();
  const key = new Uint8Array(randomBytes(32));
  const ownerId = parent?.ownerId ?? writer.accountId;
  const sealed = sealRecord(writer, { id, ownerId, parent, key, version: 1, ...(options.name !== undefined && { name: options.name }) });
  const request: CreateNodeRequest = { id, parentId: parent?.id ?? null, kind, version: 1, ...sealed };
  const node: TestNode = { id, ownerId, parentId: parent?.id ?? null, kind, key, version: 1 };
  return { request, node };
}

/** Creates the writer's root folder. */
export async function makeRoot(user: DriveUser): Promise<TestNode> {
  const { request, node } = newNodeRequest(user, null, 'folder', { name: '' });
  await user.routes.createNode(request);
  return node;
}

/** Creates a folder or file under `parent`, written by `writer`. */
export async function makeNode(writer: DriveUser, parent: TestNode, kind: NodeKind = 'folder', name?: string): Promise<TestNode> {
  const { request, node } = newNodeRequest(writer, parent, kind, name === undefined ? {} : { name });
  await writer.routes.createNode(request);
  return node;
}

/**
 * The next record of `node` under `parent` (its current parent, or a new one for a move),
 * renamed; `version` defaults to the next one.
 */
export function updateRequest(writer: DriveUser, node: TestNode, parent: TestNode, options: { name?: string; version?: number } = {}): UpdateNodeRequest {
  const version = options.version ?? node.version + 1;
  const sealed = sealRecord(writer, { id: node.id, ownerId: node.ownerId, parent, key: node.key, version, name: options.name ?? 'renamed' });
  return { parentId: parent.id, version, ...sealed };
}

/** SHA-256 in hex, as `x-content-sha256` wants it. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A file-key-wrap envelope for version `number` of `file`, under its node key. */
export function fileKeyWrapFor(file: TestNode, number: number): string {
  return b64(sealEnvelope(file.key, 'file-key-wrap', { ownerId: file.ownerId, nodeId: file.id, version: number }, new Uint8Array(randomBytes(32))));
}

/** The parts `bytes` cut into at `partSize`, with their hashes. */
export function partsOf(bytes: Uint8Array, partSize: number) {
  const parts = [];
  for (let n = 0; n * partSize < bytes.length || n === 0; n += 1) {
    const slice = bytes.subarray(n * partSize, Math.min((n + 1) * partSize, bytes.length));
    parts.push({ n, bytes: slice, sha256: sha256Hex(slice), size: slice.length });
  }
  return parts;
}

/** Uploads `bytes` as the next version of `file`, part by part, and commits it. */
export async function uploadVersion(user: DriveUser, file: TestNode, bytes: Uint8Array, partSize = MIB): Promise<FileVersionView> {
  const upload = await user.routes.startUpload(file.id, { ciphertextSize: bytes.length, partSize });
  const parts = partsOf(bytes, partSize);
  for (const part of parts) await user.routes.putPart(upload.uploadId, part.n, part.bytes, part.sha256);
  return user.routes.completeUpload(upload.uploadId, {
    fileKeyWrap: fileKeyWrapFor(file, upload.number),
    parts: parts.map(({ n, sha256, size }) => ({ n, sha256, size })),
  });
}

/** Reads a whole stream into one array. */
export async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

/** Random bytes standing in for ciphertext (the server never looks inside). */
export function randomContent(size: number): Uint8Array {
  return new Uint8Array(randomBytes(size));
}

/** Runs `attempt`, which must fail with an ApiError matching `expected`; returns the error. */
export async function expectApiError(attempt: Promise<unknown>, expected: { status: number; code: string; [field: string]: unknown }): Promise<ApiError> {
  const error = await attempt.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ApiError);
  expect(error).toMatchObject(expected);
  return error as ApiError;
}

/** A raw request to the API with `user`'s token. */
export function request(baseUrl: string, user: Pick<DriveUser, 'token'> | undefined, method: string, path: string, init: { body?: BodyInit; headers?: Record<string, string>; json?: unknown } = {}): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(user && { authorization: `Bearer ${user.token}` }),
      ...(init.json !== undefined && { 'content-type': 'application/json' }),
      ...init.headers,
    },
    ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : init.body !== undefined ? { body: init.body } : {}),
  });
}

/** The development backends' directories under a data directory (COFFRE_DATA_DIR). */
export const DEV_BACKENDS = ['dev-a', 'dev-b', 'dev-c'] as const;

/**
 * Where the development backends under `dataDir` hold anything of `objectId`: complete copies and
 * writes in progress, as `<backend>:<kind>`.
 */
export async function filesOf(dataDir: string, objectId: string): Promise<string[]> {
  const found: string[] = [];
  for (const backend of DEV_BACKENDS) {
    const root = path.join(dataDir, 'storage', backend);
    if (await stat(objectPath(root, objectId)).then(() => true, () => false)) found.push(`${backend}:object`);
    const temporary = await readdir(path.join(root, 'tmp')).catch(() => [] as string[]);
    if (temporary.some((name) => name.startsWith(objectId))) found.push(`${backend}:partial`);
  }
  return found;
}

/** Retries `check` until it passes or `timeoutMs` runs out (then fails with its last error). */
export async function eventually(check: () => Promise<void>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
