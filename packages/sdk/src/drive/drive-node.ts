// A node as the drive hands it out: decrypted, verified, and with its keys kept out of sight.
import { type FileVersionView, type NodeKind, type NodeView } from '../drive-types.js';
import { type NodeMetadata } from './node-metadata.js';

/** How this account reaches a folder someone else shared with it. */
export interface SharedAccess {
  shareId: string;
  role: 'read' | 'write';
  ownerId: string;
  ownerEmail: string | null;
}

/** A verified, decrypted node. Plain data: safe to log or print as JSON (no key is a property). */
export interface DriveNode {
  readonly id: string;
  /** Null for a root folder. */
  readonly parentId: string | null;
  readonly ownerId: string;
  readonly kind: NodeKind;
  readonly name: string;
  /** Plaintext size in bytes (0 for folders). */
  readonly size: number;
  readonly mtime: number | null;
  readonly mediaType: string | null;
  /** Files: the number (`encryptedAs`) of the content version the writer made current. */
  readonly contentVersion: number | null;
  /** Record version counter. */
  readonly version: number;
  readonly writerId: string;
  readonly trashedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Set on the root of a folder shared with this account. */
  readonly shared: SharedAccess | null;
}

/** The keys the drive holds for a node it handed out. */
export interface NodeKeys {
  nodeKey: Uint8Array;
  /** The parent folder's key (root folder: the root key); undefined for the root of a share or link. */
  parentKey: Uint8Array | undefined;
  /** The record as the server sent it (current file version included). */
  view: NodeView;
}

// Keys live beside the node objects rather than on them, so that printing or serialising a node
// (the CLI's --json) can never write a key out.
const keys = new WeakMap<DriveNode, NodeKeys>();

/** Builds the public node and records its keys. */
export function makeNode(view: NodeView, name: string, metadata: NodeMetadata, nodeKeys: Omit<NodeKeys, 'view'>, shared: SharedAccess | null): DriveNode {
  const node: DriveNode = Object.freeze({
    id: view.id,
    parentId: view.parentId,
    ownerId: view.ownerId,
    kind: view.kind,
    name,
    size: metadata.size,
    mtime: metadata.mtime,
    mediaType: metadata.mediaType,
    contentVersion: metadata.contentVersion,
    version: view.version,
    writerId: view.writerId,
    trashedAt: view.trashedAt,
    createdAt: view.createdAt,
    updatedAt: view.updatedAt,
    shared,
  });
  keys.set(node, { ...nodeKeys, view });
  return node;
}

/**
 * The keys of a node this drive handed out.
 * @throws TypeError for an object that did not come from the drive (a copy, or a node built by hand).
 */
export function keysOf(node: DriveNode): NodeKeys {
  const found = keys.get(node);
  if (found === undefined) throw new TypeError('This node did not come from this drive (use the objects the drive returns, not copies).');
  return found;
}

/** The metadata record of a node, as it is sealed. */
export function metadataOf(node: DriveNode): NodeMetadata {
  return { kind: node.kind, size: node.size, mtime: node.mtime, mediaType: node.mediaType, contentVersion: node.contentVersion };
}

/** The newest committed version as the server reported it with the node. */
export function currentVersionOf(node: DriveNode): FileVersionView | null {
  return keysOf(node).view.currentVersion;
}
