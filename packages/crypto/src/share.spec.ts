import { Aes128Gcm, CipherSuite, HkdfSha256 } from '@hpke/core';
import { DhkemX25519HkdfSha256 } from '@hpke/dhkem-x25519';
import { x25519 } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flipBit, hex, unhex } from '../test/support/bytes.js';
import { expectCodeAsync } from '../test/support/errors.js';
import { fields, hpkeBaseKeySchedule, hpkeBaseOpen, nodeEd25519Verify, nodeX25519 } from '../test/vectors/reference.js';
import { readVectors } from '../test/vectors/vector-files.js';
import { createAccountKeys } from './account.js';
import { CryptoError, type CryptoErrorCode } from './errors.js';
import { SHARE_LENGTH, SHARE_PURPOSES, type ShareBinding, type SharePurpose, openKeyShare, sealKeyShare } from './share.js';

interface ShareVector {
  name: string;
  binding: ShareBinding;
  key: string;
  senderSigningSecretKey: string;
  senderSigningPublicKey: string;
  recipientSecretKey: string;
  recipientPublicKey: string;
  share: string;
  intermediate: { enc: string; info: string; hpkeSharedSecret: string; hpkeKey: string; hpkeBaseNonce: string; signedMessage: string };
}
interface ShareVectors {
  valid: ShareVector[];
  invalid: { name: string; binding: ShareBinding; share: string; recipientSecretKey: string; senderSigningPublicKey: string; error: CryptoErrorCode }[];
  rfc9180A11: Record<string, string>;
}

const vectors = readVectors<ShareVectors>('share');
const utf8 = (text: string) => new TextEncoder().encode(text);
const sender = createAccountKeys();
const recipient = createAccountKeys();
const binding: ShareBinding = { purpose: 'node-key', senderId: 'alice', recipientId: 'bob', subjectId: 'node_1' };
const key = new Uint8Array(32).fill(5);

function open(vector: ShareVector, share: Uint8Array) {
  return openKeyShare({
    binding: vector.binding,
    share,
    recipientSecretKey: unhex(vector.recipientSecretKey),
    senderSigningPublicKey: unhex(vector.senderSigningPublicKey),
  });
}

describe('share vectors', () => {
  it('covers every purpose', () => {
    expect(new Set(vectors.valid.map((vector) => vector.binding.purpose))).toEqual(new Set(Object.keys(SHARE_PURPOSES)));
  });

  for (const vector of vectors.valid) {
    it(`opens: ${vector.name}`, async () => {
      expect(hex(await open(vector, unhex(vector.share)))).toBe(vector.key);
    });

    it(`matches the specification (RFC 9180 with node:crypto): ${vector.name}`, () => {
      const share = unhex(vector.share);
      const { binding: b } = vector;
      const info = fields(utf8('coffre/v1/share/hpke-info'), share.subarray(0, 3), utf8(b.senderId), utf8(b.recipientId), utf8(b.subjectId));
      expect(hex(info)).toBe(vector.intermediate.info);
      const message = fields(
        utf8('coffre/v1/share/signature'),
        share.subarray(0, 3),
        share.subarray(3, 35),
        share.subarray(35, 83),
        utf8(b.senderId),
        utf8(b.recipientId),
        utf8(b.subjectId),
        unhex(vector.recipientPublicKey),
      );
      expect(hex(message)).toBe(vector.intermediate.signedMessage);
      expect(nodeEd25519Verify(unhex(vector.senderSigningPublicKey), message, share.subarray(83))).toBe(true);
      const input = { recipientSecretKey: unhex(vector.recipientSecretKey), enc: share.subarray(3, 35), info, aeadId: 2 as const };
      const schedule = hpkeBaseKeySchedule(input);
      expect([hex(schedule.sharedSecret), hex(schedule.key), hex(schedule.baseNonce)]).toEqual([
        vector.intermediate.hpkeSharedSecret,
        vector.intermediate.hpkeKey,
        vector.intermediate.hpkeBaseNonce,
      ]);
      expect(hex(hpkeBaseOpen({ ...input, aad: new Uint8Array(0), ciphertext: share.subarray(35, 83) }))).toBe(vector.key);
    });

    it(`rejects a one-bit flip in every byte: ${vector.name}`, async () => {
      const share = unhex(vector.share);
      for (let byte = 0; byte < share.length; byte++) {
        let code: CryptoErrorCode | undefined;
        try {
          await open(vector, flipBit(share, byte * 8 + (byte % 8)));
        } catch (error) {
          expect(error).toBeInstanceOf(CryptoError);
          code = (error as CryptoError).code;
        }
        expect(byte < 3 ? ['DECRYPT_FAILED', 'UNSUPPORTED_VERSION'] : ['DECRYPT_FAILED']).toContain(code);
      }
    });
  }

  for (const vector of vectors.invalid) {
    it(`refuses: ${vector.name}`, async () => {
      await expectCodeAsync(
        () =>
          openKeyShare({
            binding: vector.binding,
            share: unhex(vector.share),
            recipientSecretKey: unhex(vector.recipientSecretKey),
            senderSigningPublicKey: unhex(vector.senderSigningPublicKey),
          }),
        vector.error,
      );
    });
  }
});

describe('HPKE: RFC 9180 Appendix A.1.1', () => {
  const v = vectors.rfc9180A11;
  const suite = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes128Gcm() });

  it('derives the published key pairs and ciphertext with the library the share format uses', async () => {
    const pair = await suite.kem.deriveKeyPair(unhex(v.ikmR!).buffer as ArrayBuffer);
    expect(hex(new Uint8Array(await suite.kem.serializePrivateKey(pair.privateKey)))).toBe(v.skRm);
    expect(hex(new Uint8Array(await suite.kem.serializePublicKey(pair.publicKey)))).toBe(v.pkRm);
    const { enc, ct } = await suite.seal(
      { recipientPublicKey: pair.publicKey, info: unhex(v.info!), ekm: unhex(v.ikmE!) },
      unhex(v.plaintext!),
      unhex(v.aad!),
    );
    expect(hex(new Uint8Array(enc))).toBe(v.enc);
    expect(hex(new Uint8Array(ct))).toBe(v.ciphertext);
  });

  it('matches the reference key schedule built on node:crypto', () => {
    const input = { recipientSecretKey: unhex(v.skRm!), enc: unhex(v.enc!), info: unhex(v.info!), aeadId: 1 as const };
    const schedule = hpkeBaseKeySchedule(input);
    expect(hex(schedule.sharedSecret)).toBe(v.sharedSecret);
    expect(hex(schedule.keyScheduleContext)).toBe(v.keyScheduleContext);
    expect(hex(schedule.key)).toBe(v.key);
    expect(hex(schedule.baseNonce)).toBe(v.baseNonce);
    expect(hex(hpkeBaseOpen({ ...input, aad: unhex(v.aad!), ciphertext: unhex(v.ciphertext!) }))).toBe(v.plaintext);
  });
});

describe('share round trips', () => {
  it('seals and opens for every purpose, and the reference opens the result', async () => {
    for (const purpose of Object.keys(SHARE_PURPOSES) as SharePurpose[]) {
      const b = { ...binding, purpose };
      const share = await sealKeyShare({ binding: b, key, recipientPublicKey: recipient.sharing.publicKey, senderSigningKey: sender.signing.secretKey });
      expect(share.length).toBe(SHARE_LENGTH);
      expect(await openKeyShare({ binding: b, share, recipientSecretKey: recipient.sharing.secretKey, senderSigningPublicKey: sender.signing.publicKey })).toEqual(key);
    }
  });

  it('round-trips random keys and ids', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.string({ minLength: 1, maxLength: 30 }), async (secret, subjectId) => {
        const b = { ...binding, subjectId };
        const share = await sealKeyShare({ binding: b, key: secret, recipientPublicKey: recipient.sharing.publicKey, senderSigningKey: sender.signing.secretKey });
        const opened = await openKeyShare({ binding: b, share, recipientSecretKey: recipient.sharing.secretKey, senderSigningPublicKey: sender.signing.publicKey });
        expect(opened).toEqual(secret);
      }),
      { numRuns: 25 },
    );
  });

  it('uses a fresh ephemeral key for every share', async () => {
    const seal = () => sealKeyShare({ binding, key, recipientPublicKey: recipient.sharing.publicKey, senderSigningKey: sender.signing.secretKey });
    const [a, b] = await Promise.all([seal(), seal()]);
    expect(hex(a.subarray(3, 35))).not.toBe(hex(b.subarray(3, 35)));
  });

  it('computes X25519 exactly as node:crypto does (RFC 7748)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (a, b) => {
        const publicB = x25519.getPublicKey(b);
        expect(x25519.getSharedSecret(a, publicB)).toEqual(nodeX25519(a, publicB));
      }),
      { numRuns: 50 },
    );
  });
});

describe('share invalid input', () => {
  const valid = { binding, key, recipientPublicKey: recipient.sharing.publicKey, senderSigningKey: sender.signing.secretKey };
  const cases: [string, object][] = [
    ['unknown purpose', { binding: { ...binding, purpose: 'bogus' } }],
    ['inherited purpose name', { binding: { ...binding, purpose: 'toString' } }],
    ['empty sender id', { binding: { ...binding, senderId: '' } }],
    ['recipient id not a string', { binding: { ...binding, recipientId: 7 } }],
    ['missing subject id', { binding: { ...binding, subjectId: undefined } }],
    ['binding not an object', { binding: null }],
    ['short key', { key: new Uint8Array(16) }],
    ['key as a string', { key: 'key' }],
    ['low-order recipient key (u = 0)', { recipientPublicKey: new Uint8Array(32) }],
    ['low-order recipient key (u = 1)', { recipientPublicKey: new Uint8Array([1, ...new Uint8Array(31)]) }],
    ['short recipient key', { recipientPublicKey: new Uint8Array(31) }],
    ['short signing key', { senderSigningKey: new Uint8Array(31) }],
  ];
  it.each(cases)('refuses to seal: %s', async (_name, override) => {
    await expectCodeAsync(() => sealKeyShare({ ...valid, ...override } as Parameters<typeof sealKeyShare>[0]), 'INVALID_INPUT');
  });

  const openValid = { binding, recipientSecretKey: recipient.sharing.secretKey, senderSigningPublicKey: sender.signing.publicKey };
  const openCases: [string, object][] = [
    ['share as a string', { share: 'share' }],
    ['empty share', { share: new Uint8Array(0) }],
    ['short recipient secret', { share: new Uint8Array(SHARE_LENGTH), recipientSecretKey: new Uint8Array(16) }],
    ['small-order sender key', { share: new Uint8Array(SHARE_LENGTH), senderSigningPublicKey: unhex('01'.padEnd(64, '0')) }],
    ['sender key not on the curve', { share: new Uint8Array(SHARE_LENGTH), senderSigningPublicKey: new Uint8Array(32).fill(0xff) }],
  ];
  it.each(openCases)('refuses to open: %s', async (_name, override) => {
    await expectCodeAsync(() => openKeyShare({ ...openValid, share: new Uint8Array(0), ...override } as Parameters<typeof openKeyShare>[0]), 'INVALID_INPUT');
  });
});
