import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flipBit, hex, unhex } from '../test/support/bytes.js';
import { expectCode, thrownCode } from '../test/support/errors.js';
import { referenceOpenEnvelope } from '../test/vectors/reference.js';
import { readVectors } from '../test/vectors/vector-files.js';
import { type CryptoErrorCode } from './errors.js';
import { formatRecoveryKey, generateRecoveryKey, sealRecoveryWrap } from './recovery.js';
import { revealRecoveryKey, sealRecoveryEscrow } from './recovery-escrow.js';

interface EscrowVectors {
  valid: { name: string; accountId: string; rootKey: string; recoveryWrap: string; secret: string; text: string; escrow: string }[];
  invalid: { name: string; accountId: string; rootKey: string; recoveryWrap: string; escrow: string; error: CryptoErrorCode }[];
}

const vectors = readVectors<EscrowVectors>('recovery-escrow');

function reveal(vector: { accountId: string; rootKey: string; recoveryWrap: string; escrow: string }) {
  return revealRecoveryKey({ escrow: unhex(vector.escrow), recoveryWrap: unhex(vector.recoveryWrap), rootKey: unhex(vector.rootKey), accountId: vector.accountId });
}

describe('recovery escrow vectors', () => {
  for (const vector of vectors.valid) {
    it(`reveals: ${vector.name}`, () => {
      expect(reveal(vector)).toBe(vector.text);
      expect(formatRecoveryKey(unhex(vector.secret))).toBe(vector.text);
    });

    it(`decodes with the reference implementation: ${vector.name}`, () => {
      const opened = referenceOpenEnvelope(unhex(vector.rootKey), 'recovery-escrow', { ownerId: vector.accountId, version: 1 }, unhex(vector.escrow));
      expect(hex(opened.plaintext)).toBe(vector.secret);
    });

    it(`refuses every one-bit change of the escrow: ${vector.name}`, () => {
      const escrow = unhex(vector.escrow);
      for (let bit = 0; bit < escrow.length * 8; bit++) {
        const code = thrownCode(() => reveal({ ...vector, escrow: hex(flipBit(escrow, bit)) }));
        expect(['DECRYPT_FAILED', 'UNSUPPORTED_VERSION'], `bit ${bit}`).toContain(code);
      }
    });
  }

  for (const vector of vectors.invalid) {
    it(`refuses: ${vector.name}`, () => expectCode(() => reveal(vector), vector.error));
  }
});

describe('recovery escrow', () => {
  const accountId = 'b1f0c3d2-1111-4222-8333-944455556666';
  const rootKey = new Uint8Array(32).fill(7);

  it('round-trips any recovery key, and refuses another account or root key', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (otherRoot) => {
        const { secret, text } = generateRecoveryKey();
        const escrow = sealRecoveryEscrow(rootKey, secret, accountId);
        const recoveryWrap = sealRecoveryWrap(rootKey, secret, accountId);
        expect(revealRecoveryKey({ escrow, recoveryWrap, rootKey, accountId })).toBe(text);
        expectCode(() => revealRecoveryKey({ escrow, recoveryWrap, rootKey, accountId: `${accountId}x` }), 'DECRYPT_FAILED');
        if (!otherRoot.every((byte) => byte === 7)) expectCode(() => revealRecoveryKey({ escrow, recoveryWrap, rootKey: otherRoot, accountId }), 'DECRYPT_FAILED');
      }),
      { numRuns: 20 },
    );
  });

  it('seals differently each time (random nonce)', () => {
    const { secret } = generateRecoveryKey();
    expect(hex(sealRecoveryEscrow(rootKey, secret, accountId))).not.toBe(hex(sealRecoveryEscrow(rootKey, secret, accountId)));
  });

  it('refuses malformed input before sealing', () => {
    const { secret } = generateRecoveryKey();
    expectCode(() => sealRecoveryEscrow(new Uint8Array(31), secret, accountId), 'INVALID_INPUT');
    expectCode(() => sealRecoveryEscrow(rootKey, new Uint8Array(19), accountId), 'INVALID_INPUT');
    expectCode(() => sealRecoveryEscrow(rootKey, secret, ''), 'INVALID_INPUT');
    expectCode(() => revealRecoveryKey({ escrow: new Uint8Array(100), recoveryWrap: new Uint8Array(100), rootKey: new Uint8Array(16), accountId }), 'INVALID_INPUT');
  });
});
