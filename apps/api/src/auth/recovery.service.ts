import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CryptoError } from '@coffre/crypto/errors';
import { verifyRecoveryProof } from '@coffre/crypto/recovery-proof';
import { AccountsRepository } from '../accounts/accounts.repository.js';
import { ensureRootKeyRewrap, keyBundleOf, validateKeyBundle } from '../accounts/key-bundle.js';
import { AppError } from '../errors/app-error.js';
import { AuthStateRepository } from './auth-state.repository.js';
import { OpaqueServer } from './opaque-server.js';
import { type RecoveryFinishRequest, type RecoveryStartRequest, type RecoveryStartResponse } from './recovery.dto.js';

/** How long a recovery challenge stays valid: typing a 40-character key takes a while. */
export const RECOVERY_CHALLENGE_TTL_SECONDS = 600;

/**
 * Password reset with the recovery key. The server cannot check a recovery key, so the client
 * proves what the key gives: the root key, which opens the account's Ed25519 secret key, which
 * signs the server's single-use challenge together with the new credentials (docs/crypto.md,
 * "Recovery proof").
 *
 * Enumeration: recovery/start names the accounts it knows (NOT_FOUND otherwise). The recovery
 * material must go to whoever holds only the email and the printed key, and an account's
 * existence is already told, unavoidably, by register/finish; both are rate-limited.
 */
@Injectable()
export class RecoveryService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly state: AuthStateRepository,
    private readonly opaque: OpaqueServer,
  ) {}

  /**
   * Hands out what the client needs to unwrap the root key, a challenge, and the OPAQUE answer
   * to the new password's registration request.
   * @throws AppError NOT_FOUND for an email without an account.
   */
  async start(request: RecoveryStartRequest): Promise<RecoveryStartResponse> {
    const account = await this.accounts.findLiveByEmail(request.email);
    if (account === null) throw new AppError('NOT_FOUND', 'recovery for an email without an account', { publicMessage: 'No account has this email.' });
    const registrationResponse = await this.opaque.registrationResponse(account.id, request.registrationRequest, 'body.registrationRequest');
    const challenge = randomBytes(32).toString('base64url');
    await this.state.saveRecoveryChallenge(challenge, account.id, RECOVERY_CHALLENGE_TTL_SECONDS);
    return { accountId: account.id, keyBundle: keyBundleOf(account), recoveryWrap: account.recoveryWrap, challenge, registrationResponse };
  }

  /**
   * Checks the recovery proof and stores the new password; every session ends.
   * @throws AppError UNAUTHENTICATED for an unknown, expired or used challenge, or a proof that
   *   does not verify; VALIDATION_FAILED for a bundle that changes more than the root key wrap;
   *   CONFLICT if the password changed meanwhile.
   */
  async finish(request: RecoveryFinishRequest, now = new Date()): Promise<void> {
    const bundle = validateKeyBundle(request.keyBundle, 'body.keyBundle');
    const accountId = await this.state.takeRecoveryChallenge(request.challenge);
    if (accountId === null) throw new AppError('UNAUTHENTICATED', 'recovery challenge unknown, expired or used');
    const account = await this.accounts.findLiveById(accountId);
    if (account === null) throw new AppError('UNAUTHENTICATED', `account ${accountId} deleted during recovery`);
    this.verifyProof(accountId, request, account.signingPublicKey);
    ensureRootKeyRewrap(account, bundle, 'body.keyBundle');
    const changed = await this.accounts.replaceCredentials({
      accountId,
      expectedGeneration: account.bundleGeneration,
      opaqueRecord: request.registrationRecord,
      rootKeyWrap: bundle.rootKeyWrap,
      keepSessionId: null,
      now,
    });
    if (!changed) throw new AppError('CONFLICT', 'credentials changed concurrently', { publicMessage: 'The password was changed meanwhile; start again.' });
  }

  private verifyProof(accountId: string, request: RecoveryFinishRequest, signingPublicKey: string): void {
    try {
      verifyRecoveryProof(
        {
          accountId,
          challenge: Buffer.from(request.challenge, 'base64url'),
          registrationRecord: request.registrationRecord,
          rootKeyWrap: request.keyBundle.rootKeyWrap,
        },
        Buffer.from(request.signature, 'base64url'),
        Buffer.from(signingPublicKey, 'base64url'),
      );
    } catch (error) {
      // A signature of the wrong length is as much a failed proof as a wrong one: one answer.
      if (error instanceof CryptoError) throw new AppError('UNAUTHENTICATED', `recovery proof refused: ${error.detail}`);
      throw error;
    }
  }
}
