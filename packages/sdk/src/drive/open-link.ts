// Opening a link without an account (docs/crypto.md, "Links"): parse the URL, read the link's
// public view, derive the keys (with the password when there is one), spend one download for a
// grant, unwrap the node key, then list and download below the linked node with the grant.
import { CryptoError } from '@coffre/crypto/errors';
import { deriveLinkKeys, openLinkKey, parseLinkUrl } from '@coffre/crypto/link';
import { decodePasswordParams, deriveLinkPasswordKey } from '@coffre/crypto/password';
import { ApiError } from '../errors.js';
import { type NodeView, type OpenLinkResponse } from '../drive-types.js';
import { fromBase64url, toBase64url } from '../encoding.js';
import { type PublicLinkApi } from './drive-api.js';
import { type ContentAccess, accessFor } from './content-access.js';
import { type Download, openDownload } from './download-file.js';
import { type ReadOptions } from './content-reader.js';
import { DriveError } from './drive-error.js';
import { type VerifyContext } from './drive-context.js';
import { type DriveNode, currentVersionOf, keysOf } from './drive-node.js';
import { openChild, openWithKey } from './open-node.js';
import { RecordGuard } from './record-guard.js';
import { type WriterKeyResolver } from './writer-keys.js';

/** An opened link: the linked node, and what can be done below it. */
export interface LinkSession {
  /** The linked file or folder. */
  readonly node: DriveNode;
  /** When the grant ends (one hour after opening); open the link again after that. */
  readonly grantExpiresAt: string;
  /** The children of a folder at or below the linked one. */
  list(folder: DriveNode): Promise<DriveNode[]>;
  /** A file's current content (at or below the linked node). */
  download(file: DriveNode, options?: ReadOptions): Promise<Download>;
  /** What streaming a file's current content elsewhere takes, grant included (content-access.ts). */
  contentAccess(file: DriveNode): Promise<ContentAccess>;
  /** Every file at or below `folder` (the linked node by default), with its path relative to it. */
  walk(folder?: DriveNode): AsyncGenerator<{ path: string; node: DriveNode }>;
}

export interface OpenLinkOptions {
  /** Asked for when the link has one. */
  password?: string;
}

/**
 * Opens a link. Spends one of its downloads (the server counts opens atomically).
 * @throws DriveError INVALID_LINK (a malformed URL, with what is wrong), PASSWORD_REQUIRED,
 *   WRONG_PASSWORD (or, without a password, a link whose key is wrong), TAMPERED; ApiError
 *   LINK_EXPIRED, LINK_REVOKED, LINK_EXHAUSTED, NOT_FOUND.
 */
export async function openLink(api: PublicLinkApi, url: string, options: OpenLinkOptions = {}): Promise<LinkSession> {
  let parsed: ReturnType<typeof parseLinkUrl>;
  try {
    parsed = parseLinkUrl(url);
  } catch (error) {
    if (error instanceof CryptoError) throw new DriveError('INVALID_LINK', `This is not a valid Coffre link: ${error.detail}.`, { cause: error });
    throw error;
  }
  const info = await api.getPublicLink(parsed.linkId);
  let passwordKey: Uint8Array | undefined;
  if (info.passwordParams !== null) {
    if (options.password === undefined || options.password === '') throw new DriveError('PASSWORD_REQUIRED', 'This link is protected by a password.');
    passwordKey = await deriveLinkPasswordKey(options.password, decodePasswordParams(fromBase64url(info.passwordParams)));
  }
  const keys = deriveLinkKeys(parsed.secret, passwordKey);
  let opened: OpenLinkResponse;
  try {
    opened = await api.openLink(parsed.linkId, { accessToken: toBase64url(keys.accessToken) });
  } catch (error) {
    if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') {
      throw passwordKey === undefined
        ? new DriveError('WRONG_PASSWORD', 'The key in this link is wrong (was the link copied whole?).', { cause: error })
        : new DriveError('WRONG_PASSWORD', 'Wrong password for this link.', { cause: error });
    }
    throw error;
  }
  const root = opened.node;
  let nodeKey: Uint8Array;
  try {
    nodeKey = openLinkKey({ keyWrap: fromBase64url(opened.keyWrap), keys, binding: { ownerId: root.ownerId, nodeId: root.id, linkId: parsed.linkId } });
  } catch (error) {
    throw new DriveError('TAMPERED', 'The link key does not open the linked node.', { cause: error });
  }
  const verify: VerifyContext = { writers: new PresentedWriterKeys(), guard: new RecordGuard() };
  const node = await openWithKey(verify, root, nodeKey, null);
  return new OpenedLink(api, parsed.linkId, opened.grant, opened.grantExpiresAt, node, verify);
}

/**
 * Without an account there is no key directory to check writers against: a link session takes
 * the key the server presents for each writer, and holds it to that key for the session. What
 * protects a link's content is the link key itself: no record below the linked node opens unless
 * its key is wrapped under its parent's, which only holders of the key can do.
 */
class PresentedWriterKeys implements WriterKeyResolver {
  private readonly keys = new Map<string, string>();
  async keyFor(writerId: string, presented: string): Promise<Uint8Array> {
    const known = this.keys.get(writerId);
    if (known !== undefined && known !== presented) throw new DriveError('TAMPERED', `The server presented two keys for writer ${writerId}.`);
    this.keys.set(writerId, presented);
    try {
      return fromBase64url(presented); // validated as an Ed25519 key when the signature is checked
    } catch (error) {
      throw new DriveError('TAMPERED', `The server presented an invalid key for writer ${writerId}.`, { cause: error });
    }
  }
}

class OpenedLink implements LinkSession {
  constructor(
    private readonly api: PublicLinkApi,
    private readonly linkId: string,
    private readonly grant: string,
    readonly grantExpiresAt: string,
    readonly node: DriveNode,
    private readonly verify: VerifyContext,
  ) {}

  async list(folder: DriveNode): Promise<DriveNode[]> {
    if (folder.kind !== 'folder') throw new DriveError('NOT_A_FOLDER', `"${folder.name}" is not a folder.`);
    const parent = { id: folder.id, ownerId: folder.ownerId, nodeKey: keysOf(folder).nodeKey };
    const children: DriveNode[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: NodeView[]; nextCursor: string | null } = await this.api.listLinkChildren(this.linkId, folder.id, this.grant, cursor === null ? {} : { cursor });
      for (const view of page.items) children.push(await openChild(this.verify, view, parent));
      cursor = page.nextCursor;
    } while (cursor !== null);
    return children;
  }

  async download(file: DriveNode, options: ReadOptions = {}): Promise<Download> {
    const current = this.servedVersion(file);
    return openDownload(file, current, async (range, signal) => {
      const response = await this.api.getLinkContent(this.linkId, file.id, this.grant, range, signal);
      if (response.version !== null && response.version !== current.number) throw new DriveError('TAMPERED', `The server served another version of "${file.name}".`);
      return response;
    }, true, options);
  }

  async contentAccess(file: DriveNode): Promise<ContentAccess> {
    const current = this.servedVersion(file);
    return accessFor(file, current, { kind: 'link', linkId: this.linkId, nodeId: file.id, grant: this.grant, number: current.number }, file.size);
  }

  /** The version the public route serves, which must be the one the signed metadata names. */
  private servedVersion(file: DriveNode) {
    if (file.kind !== 'file') throw new DriveError('NOT_A_FILE', `"${file.name}" is a folder.`);
    const current = currentVersionOf(file);
    if (file.contentVersion === null || current === null) throw new DriveError('NO_CONTENT', `"${file.name}" has no content yet.`);
    // The public route serves the newest version only: it must be the one the signed metadata names.
    if (current.encryptedAs !== file.contentVersion) throw new DriveError('NO_CONTENT', `The current content of "${file.name}" is not available through this link.`);
    return current;
  }

  async *walk(folder: DriveNode = this.node): AsyncGenerator<{ path: string; node: DriveNode }> {
    if (folder.kind === 'file') {
      yield { path: folder.name, node: folder };
      return;
    }
    const pending: { path: string; folder: DriveNode }[] = [{ path: '', folder }];
    while (pending.length > 0) {
      const { path, folder: current } = pending.shift()!;
      for (const child of await this.list(current)) {
        const childPath = path === '' ? child.name : `${path}/${child.name}`;
        if (child.kind === 'folder') pending.push({ path: childPath, folder: child });
        else yield { path: childPath, node: child };
      }
    }
  }
}
