import { createAccountKeys } from '@coffre/crypto/account';
import { describe, expect, it } from 'vitest';
import { type NodeView } from '../drive-types.js';
import { fromBase64url, toBase64url } from '../encoding.js';
import { DriveError } from './drive-error.js';
import { type NodeMetadata } from './node-metadata.js';
import { type NodeContent, openNodeRecord, sealNodeRecord } from './node-record.js';
import { RecordGuard } from './record-guard.js';

const owner = createAccountKeys();
const stranger = createAccountKeys();
const parentKey = new Uint8Array(32).fill(1);
const metadata: NodeMetadata = { kind: 'file', size: 12, mtime: 1767225600000, mediaType: 'text/plain', contentVersion: 2 };

function content(overrides: Partial<NodeContent> = {}): NodeContent {
  return {
    nodeId: '7b0e4c5e-3a57-4b0d-9f7e-2d1c0a9b8e01',
    ownerId: 'acct-owner',
    parentId: 'folder-1',
    parentKey,
    nodeKey: new Uint8Array(32).fill(2),
    version: 3,
    name: 'report — final.pdf',
    metadata,
    ...overrides,
  };
}

function viewOf(input: NodeContent, signingKey = owner.signing.secretKey, kind: NodeView['kind'] = input.metadata.kind): NodeView {
  return {
    id: input.nodeId,
    ownerId: input.ownerId,
    parentId: input.parentId,
    kind,
    version: input.version,
    ...sealNodeRecord(input, signingKey),
    writerId: 'acct-owner',
    writerSigningPublicKey: toBase64url(owner.signing.publicKey),
    trashedAt: null,
    createdAt: '2026-11-23T10:00:00.000Z',
    updatedAt: '2026-11-23T10:00:00.000Z',
    currentVersion: null,
  };
}

const open = (view: NodeView, guard = new RecordGuard(), overrides: { parentId?: string | null; ownerId?: string; writerKey?: Uint8Array } = {}) =>
  openNodeRecord(view, { writerKey: overrides.writerKey ?? owner.signing.publicKey, key: { parentKey }, parentId: 'parentId' in overrides ? overrides.parentId : 'folder-1', ownerId: overrides.ownerId ?? 'acct-owner', guard });

function refusal(run: () => unknown): DriveError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DriveError);
    return error as DriveError;
  }
  throw new Error('expected a DriveError');
}

describe('node records', () => {
  it('open to the sealed key, name and metadata', () => {
    const opened = open(viewOf(content()));
    expect(opened.name).toBe('report — final.pdf');
    expect(opened.metadata).toEqual(metadata);
    expect(opened.nodeKey).toEqual(new Uint8Array(32).fill(2));
  });

  it('seal a root folder with an empty parent id', () => {
    const root = content({ parentId: null, metadata: { ...metadata, kind: 'folder', contentVersion: null, size: 0 } });
    expect(open(viewOf(root), new RecordGuard(), { parentId: null }).name).toBe('report — final.pdf');
  });

  const other = viewOf(content({ nodeId: 'another-node', name: 'other', nodeKey: new Uint8Array(32).fill(3) }));
  const tamperings: [string, (view: NodeView) => NodeView][] = [
    ['the name of another node', (view) => ({ ...view, name: other.name })],
    ['the key wrap of another node', (view) => ({ ...view, keyWrap: other.keyWrap })],
    ['the metadata of another node', (view) => ({ ...view, metadata: other.metadata })],
    ['the signature of another node', (view) => ({ ...view, signature: other.signature })],
    ['another version number', (view) => ({ ...view, version: view.version + 1 })],
    ['another parent', (view) => ({ ...view, parentId: 'folder-2' })],
    ['another owner', (view) => ({ ...view, ownerId: 'acct-other' })],
    ['the kind flipped to folder', (view) => ({ ...view, kind: 'folder' })],
    ['a flipped bit in the name', (view) => ({ ...view, name: flip(view.name) })],
    ['a flipped bit in the signature', (view) => ({ ...view, signature: flip(view.signature) })],
    ['a field that is not base64url', (view) => ({ ...view, metadata: `${view.metadata}=` })],
  ];
  it.each(tamperings)('refuse %s as TAMPERED', (_name, tamper) => {
    expect(refusal(() => open(tamper(viewOf(content())))).code).toBe('TAMPERED');
  });

  it('refuse a record signed by a key other than the writer\'s', () => {
    const forged = viewOf(content(), stranger.signing.secretKey);
    expect(refusal(() => open(forged)).code).toBe('TAMPERED');
  });

  it('refuse a record sealed under another parent key, even when validly signed', () => {
    const view = viewOf(content({ parentKey: new Uint8Array(32).fill(9) }));
    expect(refusal(() => open(view)).code).toBe('TAMPERED');
  });

  it('refuse a record whose parent or owner is not the one expected', () => {
    expect(refusal(() => open(viewOf(content()), new RecordGuard(), { parentId: 'folder-2' })).message).toMatch(/not in the folder/);
    expect(refusal(() => open(viewOf(content()), new RecordGuard(), { ownerId: 'acct-other' })).message).toMatch(/another owner/);
  });

  it('accept the same record twice, a newer one after it, and refuse an older one (rollback)', () => {
    const guard = new RecordGuard();
    const v3 = viewOf(content());
    const v4 = viewOf(content({ version: 4, name: 'renamed' }));
    open(v3, guard);
    open(v3, guard);
    expect(open(v4, guard).name).toBe('renamed');
    expect(refusal(() => open(v3, guard)).message).toMatch(/older record/);
  });

  it('refuse two different records under one version', () => {
    const guard = new RecordGuard();
    open(viewOf(content()), guard);
    expect(refusal(() => open(viewOf(content({ name: 'equivocation' })), guard)).message).toMatch(/two different records/);
  });

  it('do not let an unsigned record poison the rollback guard', () => {
    const guard = new RecordGuard();
    const forged = { ...viewOf(content({ version: 99 })), signature: viewOf(content()).signature };
    expect(refusal(() => open(forged, guard)).code).toBe('TAMPERED');
    expect(open(viewOf(content()), guard).name).toBe('report — final.pdf');
  });
});

function flip(text: string): string {
  const bytes = fromBase64url(text);
  bytes[bytes.length - 1]! ^= 1;
  return toBase64url(bytes);
}
