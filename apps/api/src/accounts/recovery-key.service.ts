import { Injectable } from '@nestjs/common';
import { type Purpose, envelopePurpose } from '@coffre/crypto/envelope';
import { type CurrentSessionInfo } from '../auth/current-session.js';
import { type LoginProof } from '../auth/login.dto.js';
import { LoginService } from '../auth/login.service.js';
import { AppError } from '../errors/app-error.js';
import { AccountsRepository } from './accounts.repository.js';
import { type RecoveryKeyMaterial, type ReplaceRecoveryKeyRequest } from './recovery-key.dto.js';

/**
 * The recovery key, seen again or replaced, by the signed-in owner (docs/crypto.md, "Recovery
 * escrow"). Both need a fresh proof of the password, as a password change does: an OPAQUE login
 * finished within the life of a login attempt (two minutes), each attempt usable once. A bearer
 * token alone must not be enough: the escrow opens only with the root key, but a stolen token
 * must neither learn anything new nor be able to swap the account's recovery material.
 */
@Injectable()
export class RecoveryKeyService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly login: LoginService,
  ) {}

  /**
   * The escrow and the recovery wrap it must match.
   * @throws AppError UNAUTHENTICATED if the proof fails, expired, was used, or is another
   *   account's; NOT_FOUND for an account created before escrows existed.
   */
  async reveal(current: CurrentSessionInfo, proof: LoginProof): Promise<RecoveryKeyMaterial> {
    await this.proveOwner(current, proof);
    const account = await this.accounts.findLiveById(current.accountId);
    if (account === null) throw new AppError('UNAUTHENTICATED', `account ${current.accountId} is gone`);
    if (account.recoveryEscrow === null) {
      throw new AppError('NOT_FOUND', `account ${account.id} has no recovery escrow`, {
        publicMessage: 'This account has no stored copy of its recovery key; generate a new one.',
      });
    }
    return { recoveryWrap: account.recoveryWrap, recoveryEscrow: account.recoveryEscrow };
  }

  /**
   * Stores a new recovery key's wrap and escrow; the old key stops working.
   * @throws AppError UNAUTHENTICATED as {@link reveal}; VALIDATION_FAILED for a wrap or escrow
   *   that is not an envelope of its purpose.
   */
  async replace(current: CurrentSessionInfo, request: ReplaceRecoveryKeyRequest): Promise<void> {
    ensureEnvelope(request.recoveryWrap, 'recovery-wrap', 'body.recoveryWrap');
    ensureEnvelope(request.recoveryEscrow, 'recovery-escrow', 'body.recoveryEscrow');
    await this.proveOwner(current, request);
    const replaced = await this.accounts.replaceRecovery(current.accountId, { recoveryWrap: request.recoveryWrap, recoveryEscrow: request.recoveryEscrow });
    if (!replaced) throw new AppError('UNAUTHENTICATED', `account ${current.accountId} is gone`);
  }

  private async proveOwner(current: CurrentSessionInfo, proof: LoginProof): Promise<void> {
    const provenAccountId = await this.login.verify({ loginId: proof.loginId, finishLoginRequest: proof.finishLoginRequest });
    if (provenAccountId !== current.accountId) {
      throw new AppError('UNAUTHENTICATED', `password proof of ${provenAccountId} for account ${current.accountId}`);
    }
  }
}

/**
 * The server cannot open either envelope, but it can refuse what is not even one of the right
 * purpose (a client bug would otherwise replace a working recovery key with garbage).
 */
function ensureEnvelope(value: string, purpose: Purpose, field: string): void {
  let declared: Purpose | undefined;
  try {
    declared = envelopePurpose(Buffer.from(value, 'base64url'));
  } catch {
    declared = undefined;
  }
  if (declared !== purpose) {
    throw new AppError('VALIDATION_FAILED', `${field} is not a ${purpose} envelope`, { issues: [{ path: field, message: `must be a ${purpose} envelope` }] });
  }
}
