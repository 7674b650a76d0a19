// Values for the links and shares unit specs: genuine link material made with @coffre/crypto
// (so the services' format checks run on what real clients send), and rows around it.
import { randomBytes } from 'node:crypto';
import { createAccountKeys } from '@coffre/crypto/account';
import { sealEnvelope } from '@coffre/crypto/envelope';
import { createLinkId, createLinkSecret, deriveLinkKeys, linkAccessHash, sealLinkKey } from '@coffre/crypto/link';
import { createPasswordParams, encodePasswordParams, MIN_PASSWORD_COST } from '@coffre/crypto/password';
import { sealKeyShare } from '@coffre/crypto/share';
import { type Link, type Node, type Share } from '@coffre/db/client';
import { type NodeAccess, type NodeRole } from '../src/access/node-access.service.js';
import { ACCOUNT_ID, NOW } from './fixtures.js';

export const NODE_ID = '9d1f3a60-5b7e-4c2a-8f14-2e6b0c9d7a31';
export const CHILD_ID = '0a4c7e21-6d3b-4f58-9b02-7c1e5f8a3d64';

/** A link's secrets and what a client sends to create it, with or without a password. */
export function linkMaterial(options: { password?: boolean; ownerId?: string; nodeId?: string } = {}) {
  const linkId = createLinkId();
  const secret = createLinkSecret();
  // A password key stands in for deriveLinkPasswordKey's output: the server never sees either.
  const passwordKey = options.password === true ? new Uint8Array(randomBytes(32)) : undefined;
  const keys = deriveLinkKeys(secret, passwordKey);
  const binding = { ownerId: options.ownerId ?? ACCOUNT_ID, nodeId: options.nodeId ?? NODE_ID, linkId };
  const keyWrap = sealLinkKey({ nodeKey: new Uint8Array(randomBytes(32)), keys, binding });
  const passwordParams = options.password === true ? encodePasswordParams(createPasswordParams(MIN_PASSWORD_COST)) : null;
  return {
    linkId,
    accessToken: keys.accessToken,
    keyWrap,
    passwordParams,
    accessHash: linkAccessHash(keys.accessToken),
  };
}

/** A link-key-wrap envelope made for another purpose than links: a node-name. */
export function nodeNameEnvelope(): Uint8Array {
  return sealEnvelope(new Uint8Array(32), 'node-name', { ownerId: ACCOUNT_ID, nodeId: NODE_ID, parentId: '', version: 1 }, new Uint8Array(32));
}

export function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

/** A link row, usable at NOW unless overridden. */
export function linkRow(overrides: Partial<Link> = {}, kind: 'folder' | 'file' = 'folder'): Link & { node: { kind: 'folder' | 'file' } } {
  const material = linkMaterial();
  return {
    id: material.linkId,
    ownerId: ACCOUNT_ID,
    nodeId: NODE_ID,
    keyWrap: new Uint8Array(material.keyWrap),
    passwordParams: null,
    accessHash: new Uint8Array(material.accessHash),
    expiresAt: null,
    maxDownloads: null,
    downloads: 0,
    revokedAt: null,
    createdAt: NOW,
    ...overrides,
    node: { kind },
  };
}

/** A node row (contents are placeholders: the services under test never look inside). */
export function nodeRow(overrides: Partial<Node> = {}): Node {
  return {
    id: NODE_ID,
    ownerId: ACCOUNT_ID,
    parentId: null,
    rootOf: null,
    kind: 'folder',
    keyWrap: new Uint8Array(107),
    name: new Uint8Array(80),
    metadata: new Uint8Array(80),
    version: 1,
    lastVersionNumber: 0,
    signature: new Uint8Array(64),
    writerId: ACCOUNT_ID,
    trashedAt: null,
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}

export const RECIPIENT_ID = '3e7a9c14-2b5d-4f60-8a1e-6c9d0b7f2e58';

/** A genuine key share of a folder key from ACCOUNT_ID to RECIPIENT_ID. */
export async function sealedNodeKey(purpose: 'node-key' | 'track-key' = 'node-key'): Promise<Uint8Array> {
  const sender = createAccountKeys();
  const recipient = createAccountKeys();
  return sealKeyShare({
    binding: { purpose, senderId: ACCOUNT_ID, recipientId: RECIPIENT_ID, subjectId: NODE_ID },
    key: new Uint8Array(randomBytes(32)),
    recipientPublicKey: recipient.sharing.publicKey,
    senderSigningKey: sender.signing.secretKey,
  });
}

/** A share row between ACCOUNT_ID and RECIPIENT_ID, pending unless overridden. */
export function shareRow(overrides: Partial<Share> = {}): Share & { owner: { email: string | null }; recipient: { email: string | null } } {
  return {
    id: '5c2e8a47-1f9b-4d3c-b6a0-9e4f7d2c1b85',
    nodeId: NODE_ID,
    ownerId: ACCOUNT_ID,
    recipientId: RECIPIENT_ID,
    role: 'read',
    sealedKey: new Uint8Array(147).fill(1),
    createdAt: NOW,
    acceptedAt: null,
    ...overrides,
    owner: { email: 'ada@example.org' },
    recipient: { email: 'grace@example.org' },
  };
}

/** What NodeAccessService answers for `node` seen with `role`, out of the trash. */
export function nodeAccess(node: Node = nodeRow(), role: NodeRole = 'owner'): NodeAccess {
  // Built apart, so it fits NodeAccess with or without the trash detail the drive adds.
  const access = { node, ownerId: node.ownerId, role, inTrash: false, underTrashedFolder: false };
  return access;
}
