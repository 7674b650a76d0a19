import { accountFingerprint, ensurePinnedKeys } from '@coffre/crypto/fingerprint';
import { fromBase64url } from '../encoding.js';
import { KeyChangedError } from '../errors.js';
import { type PinStore } from '../pins.js';
import { type FlowContext, isCryptoError, normalizeEmail } from '../session.js';

/** A contact's public keys, checked against the pin for their email. */
export interface ContactKeys {
  email: string;
  accountId: string;
  /** X25519 (sharing) and Ed25519 (signing) public keys. */
  publicKeys: { sharing: Uint8Array; signing: Uint8Array };
  /** Six groups of five digits, computed here from the keys, for people to compare. */
  fingerprint: string;
  /** The 32-byte digest that is pinned. */
  digest: Uint8Array;
  /** True when these keys were pinned by this call (first sight): show the fingerprint. */
  firstSeen: boolean;
}

/**
 * Fetches a contact's public keys and checks them against the pin for their email; the first
 * time, pins them. The fingerprint is computed here, never taken from the server.
 * @throws KeyChangedError (code KEY_CHANGED) when the keys differ from the pinned ones, carrying
 *   the new keys for the person to verify and {@link confirmPublicKeys}; ApiError NOT_FOUND for
 *   an email without an account; CryptoError INVALID_INPUT for keys that are not valid public
 *   keys on first sight.
 */
export async function lookupPublicKeys(context: FlowContext, pins: PinStore, email: string): Promise<ContactKeys> {
  const address = normalizeEmail(email);
  const view = await context.routes.lookupKeys(address);
  const publicKeys = decodeKeys(view.x25519, view.ed25519);
  const pinned = await pins.get(address);
  if (pinned === undefined) {
    if (publicKeys === undefined) throw new TypeError('the server sent public keys that are not base64url');
    const contact = contactOf(address, view.accountId, publicKeys, true);
    await pins.set(address, contact.digest);
    return contact;
  }
  // Compared before any validation: keys that differ are reported as changed, even invalid ones.
  if (publicKeys === undefined || !matchesPin(pinned, publicKeys)) {
    throw new KeyChangedError(address, publicKeys === undefined ? undefined : validContactOf(address, view.accountId, publicKeys));
  }
  return contactOf(address, view.accountId, publicKeys, false);
}

/**
 * Pins a contact's keys after the person compared the fingerprint out of band, e.g. the keys of
 * a KeyChangedError, so that later lookups accept them.
 * @throws CryptoError INVALID_INPUT for keys that are not valid public keys.
 */
export async function confirmPublicKeys(pins: PinStore, contact: Pick<ContactKeys, 'email' | 'publicKeys'>): Promise<void> {
  await pins.set(normalizeEmail(contact.email), accountFingerprint(contact.publicKeys).digest);
}

function decodeKeys(sharing: string, signing: string): ContactKeys['publicKeys'] | undefined {
  try {
    return { sharing: fromBase64url(sharing), signing: fromBase64url(signing) };
  } catch {
    return undefined;
  }
}

function matchesPin(pinned: Uint8Array, publicKeys: ContactKeys['publicKeys']): boolean {
  try {
    ensurePinnedKeys(pinned, publicKeys);
    return true;
  } catch (error) {
    if (isCryptoError(error, 'KEY_CHANGED')) return false;
    throw error;
  }
}

/** The contact for keys that may not even be valid public keys (then undefined). */
function validContactOf(email: string, accountId: string, publicKeys: ContactKeys['publicKeys']): ContactKeys | undefined {
  try {
    return contactOf(email, accountId, publicKeys, false);
  } catch {
    return undefined;
  }
}

function contactOf(email: string, accountId: string, publicKeys: ContactKeys['publicKeys'], firstSeen: boolean): ContactKeys {
  const { digest, display } = accountFingerprint(publicKeys);
  return { email, accountId, publicKeys, fingerprint: display, digest, firstSeen };
}
