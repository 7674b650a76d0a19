// The upload pipeline (docs/drive-design.md, "Upload protocol" and "Resuming safely"):
// start an upload (the server assigns the version number) → a fresh file key and salt → file
// format v1 bound to (owner, node, number) → parts of 8 MiB, each MAC'd and recorded, then sent
// with 4 in flight and retries → complete with the file key wrapped under the node key → the node's
// signed metadata names the new content version.
import { openEnvelope, sealEnvelope } from '@coffre/crypto/envelope';
import {
  type FileEncryptor,
  DEFAULT_CHUNK_SIZE,
  ciphertextLength,
  computePartMac,
  createFileEncryptor,
  fileContext,
  generateFileKey,
  partCount,
  planPart,
} from '@coffre/crypto/file';
import { ApiError } from '../errors.js';
import { type FileVersionView, type PartView, type UploadView } from '../drive-types.js';
import { fromBase64url, toBase64url } from '../encoding.js';
import { type ByteSource } from './byte-source.js';
import { DriveError } from './drive-error.js';
import { type DriveContext } from './drive-context.js';
import { type DriveNode, keysOf as keysOfNode, metadataOf } from './drive-node.js';
import { findChild } from './list-folder.js';
import { createChild } from './make-folder.js';
import { nodeById } from './node-by-id.js';
import { normalizeName } from './node-name.js';
import { PartEncoder } from './part-encoder.js';
import { type RetryPolicy, withRetry } from './retry.js';
import { sendParts } from './send-parts.js';
import { updateRecord } from './update-node.js';
import { type UploadState, type UploadStateStore } from './upload-state.js';

/** Default part size: 8 MiB, 32 chunks of 256 KiB (docs/drive-design.md). */
export const DEFAULT_PART_SIZE = 8 * 1024 * 1024;

/** How far a transfer got, in plaintext bytes (`done` is proportional until the end). */
export interface TransferProgress {
  done: number;
  total: number;
}

export interface UploadOptions {
  /** The folder to upload into. */
  parent: DriveNode;
  /** The file's name in it. */
  name: string;
  /** When the folder already holds a file of that name: add a version to it (default) or fail. */
  ifExists?: 'new-version' | 'fail';
  /** Where to record the upload so that it can resume (after a failure, a crash, a reboot), and under which key. */
  resume?: { key: string; store: UploadStateStore };
  /** Bytes per part: a multiple of the chunk size, 1 to 64 MiB; 8 MiB by default. */
  partSize?: number;
  /** File format chunk size (power of two, 4 KiB to 16 MiB); 256 KiB by default. */
  chunkSize?: number;
  onProgress?: (progress: TransferProgress) => void;
  signal?: AbortSignal;
  retry?: RetryPolicy;
}

export interface UploadResult {
  /** The file node, its metadata naming the new content version. */
  node: DriveNode;
  version: FileVersionView;
  /** Parts sent by this call (a resumed upload sends only the missing ones). */
  partsSent: number;
  /** True when this call continued an earlier, interrupted upload. */
  resumed: boolean;
  /** True when an earlier upload was found but could not be continued safely and was started over. */
  restarted: boolean;
}

/** Everything about one upload attempt once its key, number and node are settled. */
interface Attempt {
  node: DriveNode;
  upload: UploadView;
  fileKey: Uint8Array;
  encryptor: FileEncryptor;
  state: UploadState;
  held: PartView[];
  toSend: number[];
  createdNode: boolean;
}

/**
 * Uploads `source` as a new file (or a new version of the file of that name) in `options.parent`.
 * Memory stays bounded by a few parts whatever the size.
 * @throws DriveError NAME_TAKEN, NOT_A_FOLDER, INVALID_NAME, SOURCE_CHANGED, ABORTED; ApiError
 *   QUOTA_EXCEEDED and other refusals; after a failure with `resume`, calling again with the same
 *   key and store continues where it stopped.
 */
export async function uploadFile(context: DriveContext, source: ByteSource, options: UploadOptions): Promise<UploadResult> {
  const name = normalizeName(options.name);
  if (options.parent.kind !== 'folder') throw new DriveError('NOT_A_FOLDER', `"${options.parent.name}" is not a folder.`);
  let restarted = false;
  if (options.resume !== undefined) {
    const saved = await options.resume.store.get(options.resume.key);
    if (saved !== undefined) {
      const attempt = await resumable(context, source, saved, options, name);
      if (attempt !== undefined) return finish(context, source, attempt, options, { resumed: true, restarted: false });
      restarted = true;
      await context.api.abandonUpload(saved.uploadId).catch(() => undefined);
      await options.resume.store.delete(options.resume.key);
    }
  }
  const attempt = await startFresh(context, source, options, name);
  return finish(context, source, attempt, options, { resumed: false, restarted });
}

async function startFresh(context: DriveContext, source: ByteSource, options: UploadOptions, name: string): Promise<Attempt> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const partSize = options.partSize ?? DEFAULT_PART_SIZE;
  const existing = await findChild(context, options.parent, name);
  if (existing?.kind === 'folder') throw new DriveError('NAME_TAKEN', `"${name}" is a folder.`);
  if (existing !== undefined && options.ifExists === 'fail') throw new DriveError('NAME_TAKEN', `"${name}" already exists.`);
  const node =
    existing ?? (await createChild(context, options.parent, name, { kind: 'file', size: source.size, mtime: source.mtime, mediaType: source.mediaType, contentVersion: null }));
  const ciphertextSize = ciphertextLength(source.size, chunkSize);
  let upload: UploadView;
  try {
    upload = await withRetry(() => context.api.startUpload(node.id, { ciphertextSize, partSize }), retryOptions(options));
  } catch (error) {
    if (existing === undefined) await context.api.deleteNode(node.id).catch(() => undefined);
    throw error;
  }
  const fileKey = generateFileKey();
  const encryptor = await createFileEncryptor({ key: fileKey, context: contextOf(node, upload.number), plaintextLength: source.size, chunkSize });
  const keyWrap = sealEnvelope(context.keys.rootKey, 'upload-key-wrap', bindingOf(node, upload.number), concat(fileKey, encryptor.header.salt));
  const state: UploadState = {
    format: 1,
    accountId: context.accountId,
    source: { size: source.size, mtime: source.mtime },
    ownerId: node.ownerId,
    nodeId: node.id,
    createdNode: existing === undefined,
    uploadId: upload.uploadId,
    number: upload.number,
    partSize,
    chunkSize,
    ciphertextSize,
    keyWrap: toBase64url(keyWrap),
    parts: {},
  };
  if (options.resume !== undefined) await options.resume.store.put(options.resume.key, state);
  const toSend = Array.from({ length: partCount(ciphertextSize, partSize) }, (_, n) => n);
  return { node, upload, fileKey, encryptor, state, held: [], toSend, createdNode: existing === undefined };
}

/**
 * Checks whether a recorded upload can continue: same account, same source (size, mtime), the
 * server still holds it with the parts recorded, and every recorded part that shares a chunk with
 * a missing part re-reads to the same MAC (otherwise re-encrypting would reuse GCM nonces on other
 * plaintext). Undefined: start over with a fresh key.
 */
async function resumable(context: DriveContext, source: ByteSource, state: UploadState, options: UploadOptions, name: string): Promise<Attempt | undefined> {
  const sameSource = state.format === 1 && state.accountId === context.accountId && source.randomAccess && state.source.size === source.size && state.source.mtime === source.mtime;
  if (!sameSource) return undefined;
  let upload: UploadView;
  let node: DriveNode;
  try {
    upload = await context.api.getUpload(state.uploadId);
    node = await nodeById(context, state.nodeId);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
  const sameUpload =
    upload.nodeId === state.nodeId && upload.number === state.number && upload.partSize === state.partSize && upload.ciphertextSize === state.ciphertextSize;
  if (!sameUpload || node.parentId !== options.parent.id || node.name !== name || node.kind !== 'file') return undefined;
  let keys: Uint8Array;
  try {
    keys = openEnvelope(context.keys.rootKey, 'upload-key-wrap', bindingOf(node, state.number), fromBase64url(state.keyWrap));
  } catch {
    return undefined; // a local state this account cannot open is not resumed, whatever it says
  }
  const fileKey = keys.subarray(0, 32);
  const salt = keys.subarray(32);
  const held = new Map(upload.parts.map((part) => [part.n, part]));
  for (const part of held.values()) {
    // Every part the server holds was recorded before it was sent, with the hash it was sent with.
    if (state.parts[part.n]?.sha256 !== part.sha256) return undefined;
  }
  const encryptor = await createFileEncryptor({ key: fileKey, salt, context: contextOf(node, state.number), plaintextLength: source.size, chunkSize: state.chunkSize });
  const count = partCount(state.ciphertextSize, state.partSize);
  const missing = Array.from({ length: count }, (_, n) => n).filter((n) => !held.has(n));
  const header = encryptor.header;
  const toCheck = new Set<number>();
  for (const n of missing) {
    const plan = planPart(header, state.partSize, n);
    for (const m of [n - 1, n, n + 1]) {
      if (m < 0 || m >= count || state.parts[m] === undefined) continue;
      const other = planPart(header, state.partSize, m);
      if (other.firstChunk <= plan.lastChunk && plan.firstChunk <= other.lastChunk) toCheck.add(m);
    }
  }
  for (const m of [...toCheck].sort((a, b) => a - b)) {
    const plan = planPart(header, state.partSize, m);
    const plaintext = plan.start < plan.end ? await source.read(plan.start, plan.end) : new Uint8Array(0);
    const mac = await computePartMac({ fileKey, salt, part: m, start: plan.start, end: plan.end }, plaintext);
    if (toBase64url(mac) !== state.parts[m]!.mac) return undefined;
  }
  return { node, upload, fileKey, encryptor, state, held: [...held.values()], toSend: missing, createdNode: state.createdNode };
}

async function finish(context: DriveContext, source: ByteSource, attempt: Attempt, options: UploadOptions, flags: { resumed: boolean; restarted: boolean }): Promise<UploadResult> {
  const { node, upload, fileKey, encryptor, state } = attempt;
  const salt = encryptor.header.salt;
  let done = attempt.held.reduce((sum, part) => sum + part.size, 0);
  const report = () => options.onProgress?.({ done: Math.floor((done * source.size) / state.ciphertextSize), total: source.size });
  report();
  let sent: PartView[];
  try {
    sent = await sendParts({
      api: context.api,
      uploadId: upload.uploadId,
      encoder: new PartEncoder(encryptor, source, state.partSize),
      partSize: state.partSize,
      parts: attempt.toSend,
      mac: (part, start, end, plaintext) => computePartMac({ fileKey, salt, part, start, end }, plaintext),
      record: async (part, mac, sha256) => {
        state.parts[part] = { mac: toBase64url(mac), sha256 };
        if (options.resume !== undefined) await options.resume.store.put(options.resume.key, state);
      },
      sent: (part) => {
        done += part.size;
        report();
      },
      ...(options.retry && { retry: options.retry }),
      ...(options.signal && { signal: options.signal }),
    });
  } catch (error) {
    // Without a store nothing can resume: give the quota back.
    if (options.resume === undefined) await abandon(context, attempt);
    throw error;
  }
  const parts = [...attempt.held, ...sent].sort((a, b) => a.n - b.n);
  const fileKeyWrap = toBase64url(sealEnvelope(keysNodeKey(node), 'file-key-wrap', bindingOf(node, upload.number), fileKey));
  const version = await complete(context, upload, { fileKeyWrap, parts }, options);
  const updated = await updateRecord(context, node, (current) => ({
    metadata: { ...metadataOf(current), size: source.size, mtime: source.mtime, mediaType: source.mediaType ?? current.mediaType, contentVersion: upload.number },
  }));
  if (options.resume !== undefined) await options.resume.store.delete(options.resume.key);
  options.onProgress?.({ done: source.size, total: source.size });
  return { node: updated, version, partsSent: sent.length, ...flags };
}

/**
 * Completes the upload, retrying network and server errors. A retry after a commit whose answer
 * was lost is refused (the upload is gone); the version it committed is then found by its number.
 */
async function complete(context: DriveContext, upload: UploadView, body: { fileKeyWrap: string; parts: PartView[] }, options: UploadOptions): Promise<FileVersionView> {
  let retried = false;
  try {
    return await withRetry((attempt) => {
      retried = attempt > 1;
      return context.api.completeUpload(upload.uploadId, body);
    }, retryOptions(options));
  } catch (error) {
    if (!retried || !(error instanceof ApiError) || error.status >= 500 || error.status === 0) throw error;
    const committed = (await context.api.listVersions(upload.nodeId)).find((version) => version.number === upload.number && version.fileKeyWrap === body.fileKeyWrap);
    if (committed === undefined) throw error;
    return committed;
  }
}

async function abandon(context: DriveContext, attempt: Attempt): Promise<void> {
  await context.api.abandonUpload(attempt.upload.uploadId).catch(() => undefined);
  if (attempt.createdNode) await context.api.deleteNode(attempt.node.id).catch(() => undefined);
}

function keysNodeKey(node: DriveNode): Uint8Array {
  return keysOfNode(node).nodeKey;
}

function bindingOf(node: DriveNode, number: number) {
  return { ownerId: node.ownerId, nodeId: node.id, version: number };
}

function contextOf(node: DriveNode, number: number): Uint8Array {
  return fileContext({ ownerId: node.ownerId, nodeId: node.id, version: number });
}

function retryOptions(options: UploadOptions) {
  return { ...(options.retry && { policy: options.retry }), ...(options.signal && { signal: options.signal }) };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
