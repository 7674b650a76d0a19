import { CryptoError } from '@coffre/crypto/errors';
import { ENVELOPE_OVERHEAD, type Purpose, envelopePurpose } from '@coffre/crypto/envelope';
import { z } from 'zod';
import { type ValidationIssue } from '../errors/app-error.js';

/** Characters of the base64url text of `bytes` bytes (no padding). */
export function base64urlLength(bytes: number): number {
  return Math.ceil((bytes * 4) / 3);
}

/** A base64url field of at most `maxBytes` bytes; decoded and checked by {@link decodeBinary}. */
export function base64urlField(maxBytes: number) {
  return z
    .string()
    .min(1)
    .max(base64urlLength(maxBytes))
    .regex(/^[A-Za-z0-9_-]+$/, { error: 'must be base64url without padding' });
}

/** Collects what is wrong with a request's binary fields, so that all are reported at once. */
export class BinaryFieldChecks {
  readonly issues: ValidationIssue[] = [];

  /**
   * The bytes of a base64url field, refusing any but the canonical encoding: one byte string has
   * one text form, so that what is signed and what is stored cannot differ by re-encoding.
   */
  decode(text: string, path: string): Uint8Array<ArrayBuffer> {
    const bytes = Buffer.from(text, 'base64url');
    if (bytes.toString('base64url') !== text) this.issues.push({ path, message: 'is not canonical base64url' });
    return Uint8Array.from(bytes);
  }

  /**
   * Checks that `bytes` are an envelope of `purpose` (docs/crypto.md, "Envelopes") whose plaintext
   * is `plaintext.min` to `plaintext.max` bytes. The server cannot open it; this only refuses what
   * no client could open either.
   */
  envelope(bytes: Uint8Array, purpose: Purpose, plaintext: { min: number; max: number }, path: string): void {
    const length = bytes.length - ENVELOPE_OVERHEAD;
    if (length < plaintext.min || length > plaintext.max) {
      const size = plaintext.min === plaintext.max ? `${plaintext.min + ENVELOPE_OVERHEAD}` : `${plaintext.min + ENVELOPE_OVERHEAD} to ${plaintext.max + ENVELOPE_OVERHEAD}`;
      this.issues.push({ path, message: `must be a ${purpose} envelope of ${size} bytes` });
      return;
    }
    try {
      if (envelopePurpose(bytes) === purpose) return;
    } catch (error) {
      if (!(error instanceof CryptoError)) throw error;
    }
    this.issues.push({ path, message: `must be a ${purpose} envelope` });
  }

  /** Checks that `bytes` are exactly `length` bytes long. */
  length(bytes: Uint8Array, length: number, path: string): void {
    if (bytes.length !== length) this.issues.push({ path, message: `must be ${length} bytes` });
  }
}
