// Values for unit specs: real account keys and bundles (made with @coffre/crypto, so the
// services' checks run on genuine material), and account and session rows around them.
import { createAccountKeys, sealAccountKeyBundle } from '@coffre/crypto/account';
import { type Account, type Session } from '@coffre/db/client';
import { expect } from 'vitest';

export const ACCOUNT_ID = '6f1c0a52-3d4e-4b7a-9e21-0c5d8f3a7b90';
export const SESSION_ID = '2b8e4f10-7c3a-4d9e-8a61-5f0b2c7d1e43';
export const NOW = new Date('2026-11-23T12:00:00.000Z');

/** Real account keys, and their bundle as registration stores it. */
export function accountMaterial(accountId = ACCOUNT_ID) {
  const keys = createAccountKeys();
  const bundle = sealAccountKeyBundle(keys, { accountId, exportKey: new Uint8Array(64).fill(9) });
  return { keys, bundle };
}

/** An account row whose credentials are `bundle`. */
export function accountRow(bundle = accountMaterial().bundle, overrides: Partial<Account> = {}): Account {
  return {
    id: ACCOUNT_ID,
    email: 'ada@example.org',
    opaqueRecord: 'record',
    bundleVersion: bundle.version,
    bundleGeneration: bundle.generation,
    rootKeyWrap: bundle.rootKeyWrap,
    sharingPublicKey: bundle.sharingPublicKey,
    sharingSecretKeyWrap: bundle.sharingSecretKeyWrap,
    signingPublicKey: bundle.signingPublicKey,
    signingSecretKeyWrap: bundle.signingSecretKeyWrap,
    recoveryWrap: 'recovery-wrap',
    recoveryEscrow: 'recovery-escrow',
    keepVersions: 10,
    quotaBytes: 10n * 1024n ** 3n,
    usedBytes: 0n,
    deletedAt: null,
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}

/** A session row, live at NOW. */
export function sessionRow(overrides: Partial<Session> = {}): Session {
  return {
    id: SESSION_ID,
    accountId: ACCOUNT_ID,
    tokenHash: new Uint8Array(32),
    createdAt: NOW,
    lastSeenAt: NOW,
    expiresAt: new Date(NOW.getTime() + 3_600_000),
    userAgent: 'test-agent',
    ip: '127.0.0.1',
    revokedAt: null,
    ...overrides,
  };
}

/** What AppError-throwing calls are checked against: the code, and for the logs the message. */
export function appError(code: string, message?: string | RegExp) {
  return expect.objectContaining({ name: 'AppError', code, ...(message !== undefined && { message: typeof message === 'string' ? message : expect.stringMatching(message) }) });
}
