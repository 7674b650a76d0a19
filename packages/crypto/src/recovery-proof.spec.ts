import { describe, expect, it } from 'vitest';
import { flipBit, hex, unhex } from '../test/support/bytes.js';
import { expectCode } from '../test/support/errors.js';
import { fields, nodeEd25519Sign, nodeEd25519Verify } from '../test/vectors/reference.js';
import { readVectors } from '../test/vectors/vector-files.js';
import { createAccountKeys } from './account.js';
import { type CryptoErrorCode } from './errors.js';
import { type RecoveryProofSubject, recoveryProofMessage, signRecoveryProof, verifyRecoveryProof } from './recovery-proof.js';

type HexSubject = Omit<RecoveryProofSubject, 'challenge'> & { challenge: string };
interface RecoveryProofVectors {
  valid: { name: string; subject: HexSubject; secretKey: string; publicKey: string; message: string; signature: string }[];
  invalid: { name: string; subject: HexSubject; publicKey: string; signature: string; error: CryptoErrorCode }[];
}

const vectors = readVectors<RecoveryProofVectors>('recovery-proof');
const utf8 = (text: string) => new TextEncoder().encode(text);
const fromHex = (subject: HexSubject): RecoveryProofSubject => ({ ...subject, challenge: unhex(subject.challenge) });

/** The signed message as docs/crypto.md describes it. */
function referenceMessage(subject: RecoveryProofSubject): Uint8Array {
  return fields(
    utf8('coffre/v1/signature/recovery-proof'),
    new Uint8Array([1]),
    utf8(subject.accountId),
    subject.challenge,
    utf8(subject.registrationRecord),
    utf8(subject.rootKeyWrap),
  );
}

describe('recovery proof vectors', () => {
  for (const vector of vectors.valid) {
    const subject = fromHex(vector.subject);

    it(`signs and verifies: ${vector.name}`, () => {
      expect(hex(recoveryProofMessage(subject))).toBe(vector.message);
      expect(hex(signRecoveryProof(subject, unhex(vector.secretKey)))).toBe(vector.signature);
      expect(() => verifyRecoveryProof(subject, unhex(vector.signature), unhex(vector.publicKey))).not.toThrow();
    });

    it(`matches the specification and node:crypto (RFC 8032): ${vector.name}`, () => {
      expect(hex(referenceMessage(subject))).toBe(vector.message);
      expect(hex(nodeEd25519Sign(unhex(vector.secretKey), unhex(vector.message)))).toBe(vector.signature);
      expect(nodeEd25519Verify(unhex(vector.publicKey), unhex(vector.message), unhex(vector.signature))).toBe(true);
    });

    it(`rejects a one-bit flip in every byte of the signature and of the challenge: ${vector.name}`, () => {
      const signature = unhex(vector.signature);
      const publicKey = unhex(vector.publicKey);
      for (let byte = 0; byte < 64; byte++) {
        expectCode(() => verifyRecoveryProof(subject, flipBit(signature, byte * 8 + (byte % 8)), publicKey), 'DECRYPT_FAILED');
      }
      for (let byte = 0; byte < 32; byte++) {
        const changed = { ...subject, challenge: flipBit(subject.challenge, byte * 8 + (byte % 8)) };
        expectCode(() => verifyRecoveryProof(changed, signature, publicKey), 'DECRYPT_FAILED');
      }
    });
  }

  for (const vector of vectors.invalid) {
    it(`refuses: ${vector.name}`, () => {
      expectCode(() => verifyRecoveryProof(fromHex(vector.subject), unhex(vector.signature), unhex(vector.publicKey)), vector.error);
    });
  }
});

describe('recovery proofs', () => {
  const keys = createAccountKeys();
  const subject: RecoveryProofSubject = {
    accountId: 'acct_1',
    challenge: new Uint8Array(32).fill(7),
    registrationRecord: 'record',
    rootKeyWrap: 'wrap',
  };

  it('round-trips with freshly generated keys', () => {
    const signature = signRecoveryProof(subject, keys.signing.secretKey);
    expect(() => verifyRecoveryProof(subject, signature, keys.signing.publicKey)).not.toThrow();
  });

  it('keeps fields apart: moving a byte from one field to the next changes the message', () => {
    const signature = signRecoveryProof(subject, keys.signing.secretKey);
    const shifted = { ...subject, registrationRecord: 'recordw', rootKeyWrap: 'rap' };
    expect(hex(recoveryProofMessage(shifted))).not.toBe(hex(recoveryProofMessage(subject)));
    expectCode(() => verifyRecoveryProof(shifted, signature, keys.signing.publicKey), 'DECRYPT_FAILED');
  });

  it.each([
    ['an empty account id', { accountId: '' }],
    ['a challenge that is not bytes', { challenge: 'challenge' as unknown as Uint8Array }],
    ['an empty root key wrap', { rootKeyWrap: '' }],
    ['a registration record over 4096 bytes', { registrationRecord: 'x'.repeat(4097) }],
  ])('refuses %s before signing', (_name, change) => {
    expectCode(() => signRecoveryProof({ ...subject, ...change }, keys.signing.secretKey), 'INVALID_INPUT');
  });

  it('refuses a signing key that is not 32 bytes', () => {
    expectCode(() => signRecoveryProof(subject, keys.signing.secretKey.subarray(0, 31)), 'INVALID_INPUT');
  });
});
