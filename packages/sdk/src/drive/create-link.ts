import { createLinkId, createLinkSecret, deriveLinkKeys, formatLinkUrl, linkAccessHash, sealLinkKey } from '@coffre/crypto/link';
import { type PasswordCost, createPasswordParams, deriveLinkPasswordKey, encodePasswordParams } from '@coffre/crypto/password';
import { type LinkView } from '../drive-types.js';
import { toBase64url } from '../encoding.js';
import { type DriveContext } from './drive-context.js';
import { type DriveNode, keysOf } from './drive-node.js';
import { type PageRequest } from './drive-api.js';

export interface CreateLinkOptions {
  /** The web origin links open on, e.g. `https://coffre.example`. */
  base: string;
  /** Protects the link with a password (Argon2id, client-side). */
  password?: string;
  /** Argon2id cost for the password; the defaults otherwise (m = 64 MiB, t = 3, p = 1). */
  passwordCost?: PasswordCost;
  expiresAt?: Date;
  /** How many times the link can be opened (each open is one download); unlimited otherwise. */
  maxDownloads?: number;
}

/** A new link: the URL to hand out (its key is only in there) and the server's view of it. */
export interface CreatedLink {
  url: string;
  link: LinkView;
}

/**
 * Creates a link to a file or folder: a random secret in the URL fragment wraps the node key
 * (docs/crypto.md, "Links"); the server gets the wrap and the SHA-256 of the access token, never
 * the secret or the password.
 */
export async function createLink(context: DriveContext, node: DriveNode, options: CreateLinkOptions): Promise<CreatedLink> {
  const id = createLinkId();
  const secret = createLinkSecret();
  const params = options.password === undefined ? undefined : createPasswordParams(options.passwordCost);
  const passwordKey = params === undefined ? undefined : await deriveLinkPasswordKey(options.password!, params);
  const keys = deriveLinkKeys(secret, passwordKey);
  const keyWrap = sealLinkKey({ nodeKey: keysOf(node).nodeKey, keys, binding: { ownerId: node.ownerId, nodeId: node.id, linkId: id } });
  const url = formatLinkUrl(options.base, id, secret);
  const link = await context.api.createLink({
    id,
    nodeId: node.id,
    keyWrap: toBase64url(keyWrap),
    passwordParams: params === undefined ? null : toBase64url(encodePasswordParams(params)),
    accessHash: toBase64url(linkAccessHash(keys.accessToken)),
    expiresAt: options.expiresAt?.toISOString() ?? null,
    maxDownloads: options.maxDownloads ?? null,
  });
  return { url, link };
}

/** Every link this account created (all pages), newest first as the server orders them. */
export async function listLinks(context: DriveContext): Promise<LinkView[]> {
  const links: LinkView[] = [];
  let page: PageRequest = {};
  for (;;) {
    const result = await context.api.listLinks(page);
    links.push(...result.items);
    if (result.nextCursor === null) return links;
    page = { cursor: result.nextCursor };
  }
}

/** Revokes a link: it stops working at once. */
export async function revokeLink(context: DriveContext, linkId: string): Promise<void> {
  await context.api.revokeLink(linkId);
}
