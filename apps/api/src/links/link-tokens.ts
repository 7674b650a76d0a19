// The secrets of share links as the server handles them. Both have full entropy (32 random
// bytes), so a plain SHA-256 is enough to make a copy of the database or of Redis useless.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 bytes in base64url without padding: 43 characters. */
const GRANT_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Whether `accessToken` is the one whose SHA-256 the link stores. Constant time in the stored
 * hash, so timing tells nothing about how close a guess came.
 */
export function accessTokenMatches(accessToken: Uint8Array, accessHash: Uint8Array): boolean {
  const hash = createHash('sha256').update(accessToken).digest();
  return hash.length === accessHash.length && timingSafeEqual(hash, accessHash);
}

/** A fresh grant: the token for the client and the hash the server keeps. */
export function newLinkGrant(): { grant: string; grantHash: string } {
  const grant = randomBytes(32).toString('base64url');
  return { grant, grantHash: hashLinkGrant(grant) };
}

/** The hash a grant is stored under, or null for a value that cannot be a grant. */
export function linkGrantHash(grant: string | undefined): string | null {
  return grant !== undefined && GRANT_PATTERN.test(grant) ? hashLinkGrant(grant) : null;
}

function hashLinkGrant(grant: string): string {
  return createHash('sha256').update(grant, 'utf8').digest('base64url');
}
