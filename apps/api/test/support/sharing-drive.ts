// A drive built through the real routes, for the links and shares end-to-end specs: folders and
// files whose records are sealed and signed with @coffre/crypto exactly as clients do it, and
// file versions uploaded part by part. Every call asserts the status it expects, so a broken
// setup fails where it breaks.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { type AccountKeys } from '@coffre/crypto/account';
import { sealEnvelope } from '@coffre/crypto/envelope';
import { createLinkId, createLinkSecret, deriveLinkKeys, linkAccessHash, sealLinkKey } from '@coffre/crypto/link';
import { ciphertextHash, signNodeRecord } from '@coffre/crypto/signature';
import { expect } from 'vitest';

/** Who acts: an account's id, session token and keys. */
export interface Actor {
  accountId: string;
  token: string;
  keys: AccountKeys;
}

/** A node created in a test, with the key its children are wrapped under. */
export interface TestNode {
  id: string;
  ownerId: string;
  kind: 'folder' | 'file';
  key: Uint8Array;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

/** A request to the API; the bearer token when an actor is given. */
export async function call(baseUrl: string, method: string, path: string, options: { actor?: Actor; body?: unknown; headers?: Record<string, string> } = {}): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(options.actor && { authorization: `Bearer ${options.actor.token}` }),
      ...(options.body !== undefined && { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
  });
}

/** `call`, asserting the status and returning the JSON body. */
export async function expectJson<T>(response: Promise<Response> | Response, status: number): Promise<T> {
  const answer = await response;
  const body: unknown = answer.status === 204 ? undefined : await answer.json();
  expect({ status: answer.status, body }).toMatchObject({ status });
  return body as T;
}

/**
 * A record for a new node, sealed and signed as clients do it: the root folder when `parent` is
 * null, else a child of `parent` in its owner's tree, written (signed) by `writer`.
 */
export function nodeRequest(writer: Actor, parent: TestNode | null, kind: 'folder' | 'file' = 'folder') {
  const id = randomUUID();
  const ownerId = parent?.ownerId ?? writer.accountId;
  const parentKey = parent?.key ?? writer.keys.rootKey;
  const key = new Uint8Array(randomBytes(32));
  const binding = { ownerId, nodeId: id, parentId: parent?.id ?? '', version: 1 };
  const keyWrap = sealEnvelope(parentKey, 'node-key-wrap', binding, key);
  const name = sealEnvelope(key, 'node-name', binding, new TextEncoder().encode(`node ${id.slice(0, 8)}`));
  const metadata = sealEnvelope(key, 'node-metadata', binding, new TextEncoder().encode('{}'));
  const signature = signNodeRecord(
    { nodeId: id, parentId: binding.parentId, ownerId, version: 1, nameHash: ciphertextHash(name), metadataHash: ciphertextHash(metadata), wrappedKeyHash: ciphertextHash(keyWrap) },
    writer.keys.signing.secretKey,
  );
  const body = { id, parentId: parent?.id ?? null, kind, keyWrap: b64(keyWrap), name: b64(name), metadata: b64(metadata), version: 1, signature: b64(signature) };
  const node: TestNode = { id, ownerId, kind, key };
  return { body, node };
}

/** Creates a node through `POST /api/nodes` (see {@link nodeRequest}), asserting a 201. */
export async function createNode(baseUrl: string, writer: Actor, parent: TestNode | null, kind: 'folder' | 'file' = 'folder'): Promise<TestNode> {
  const { body, node } = nodeRequest(writer, parent, kind);
  await expectJson(call(baseUrl, 'POST', '/api/nodes', { actor: writer, body }), 201);
  return node;
}

/** Uploads `content` as a new version of `file` (one part), returning the version number. */
export async function uploadVersion(baseUrl: string, writer: Actor, file: TestNode, content: Uint8Array): Promise<number> {
  const upload = await expectJson<{ uploadId: string; number: number }>(
    call(baseUrl, 'POST', `/api/files/${file.id}/uploads`, { actor: writer, body: { ciphertextSize: content.length, partSize: 1024 * 1024 } }),
    201,
  );
  const sha256 = createHash('sha256').update(content).digest('hex');
  const put = await fetch(`${baseUrl}/api/uploads/${upload.uploadId}/parts/0`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${writer.token}`, 'content-type': 'application/octet-stream', 'x-content-sha256': sha256 },
    body: new Uint8Array(content),
  });
  expect({ status: put.status, body: put.ok ? undefined : await put.text() }).toEqual({ status: 200, body: undefined });
  const fileKeyWrap = sealEnvelope(file.key, 'file-key-wrap', { ownerId: file.ownerId, nodeId: file.id, version: upload.number }, new Uint8Array(randomBytes(32)));
  await expectJson(
    call(baseUrl, 'POST', `/api/uploads/${upload.uploadId}/complete`, {
      actor: writer,
      body: { fileKeyWrap: b64(fileKeyWrap), parts: [{ n: 0, sha256, size: content.length }] },
    }),
    200,
  );
  return upload.number;
}

/** What a client sends to create a link to `node`, and the access token that opens it. */
export function linkRequest(node: TestNode, options: { expiresAt?: Date | null; maxDownloads?: number | null } = {}) {
  const id = createLinkId();
  const keys = deriveLinkKeys(createLinkSecret());
  const keyWrap = sealLinkKey({ nodeKey: node.key, keys, binding: { ownerId: node.ownerId, nodeId: node.id, linkId: id } });
  return {
    request: {
      id,
      nodeId: node.id,
      keyWrap: b64(keyWrap),
      passwordParams: null,
      accessHash: b64(linkAccessHash(keys.accessToken)),
      expiresAt: options.expiresAt === undefined ? null : (options.expiresAt?.toISOString() ?? null),
      maxDownloads: options.maxDownloads ?? null,
    },
    accessToken: b64(keys.accessToken),
  };
}
