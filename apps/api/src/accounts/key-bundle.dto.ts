import { z } from 'zod';

/** base64url without padding: how the API carries every binary value. */
export const base64url = (maxLength: number) => z.string().min(1).max(maxLength).regex(/^[A-Za-z0-9_-]+$/, { error: 'must be base64url' });

/**
 * The account key bundle of docs/crypto.md ("Account key bundle"): the root key wrapped under
 * the password, the identity secret keys wrapped under the root key, the public keys. The shape
 * is checked here; the keys and envelope formats by @coffre/crypto (see key-bundle.ts).
 */
export const accountKeyBundleSchema = z
  .strictObject({
    version: z.literal(1),
    generation: z.int().min(1).max(Number.MAX_SAFE_INTEGER),
    rootKeyWrap: base64url(256),
    sharingPublicKey: base64url(64),
    sharingSecretKeyWrap: base64url(256),
    signingPublicKey: base64url(64),
    signingSecretKeyWrap: base64url(256),
  })
  .meta({ id: 'AccountKeyBundle', description: 'Every secret wrapped; public keys in the clear (docs/crypto.md).' });

/** An envelope recovery-wrap: the root key under the recovery key. */
export const recoveryWrapSchema = base64url(256).describe('Envelope recovery-wrap: the root key under the recovery key.');

/** An envelope recovery-escrow: the recovery secret under the root key, for the owner to see again. */
export const recoveryEscrowSchema = base64url(256).describe('Envelope recovery-escrow: the recovery secret under the root key (docs/crypto.md, "Recovery escrow").');
