import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type ApiConfig } from '@coffre/config/api';
import { AccountsRepository } from '../accounts/accounts.repository.js';
import { validateKeyBundle } from '../accounts/key-bundle.js';
import { API_CONFIG } from '../config/api-config.module.js';
import { AppError } from '../errors/app-error.js';
import { AuthStateRepository } from './auth-state.repository.js';
import { OpaqueServer } from './opaque-server.js';
import { type RegisterFinishRequest, type RegisterFinishResponse, type RegisterStartRequest, type RegisterStartResponse } from './registration.dto.js';

/** How long a client has between the two steps of a registration (two Argon2id runs fit easily). */
export const REGISTRATION_TTL_SECONDS = 600;

/**
 * Account creation, in two steps around the client's OPAQUE registration (RFC 9807 §5).
 *
 * Enumeration: the first step answers the same whether or not the email is taken (a fresh
 * account id and an OPAQUE response for it), so it reveals nothing. The second step must refuse
 * a taken email (CONFLICT): without a confirmation email to send, telling the person is
 * unavoidable. Both steps are rate-limited per address and per email.
 */
@Injectable()
export class RegistrationService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly state: AuthStateRepository,
    private readonly opaque: OpaqueServer,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** Allocates the account id, answers the OPAQUE registration request for it. */
  async start(request: RegisterStartRequest): Promise<RegisterStartResponse> {
    const accountId = randomUUID();
    const registrationResponse = await this.opaque.registrationResponse(accountId, request.registrationRequest, 'body.registrationRequest');
    await this.state.savePendingRegistration(accountId, request.email, REGISTRATION_TTL_SECONDS);
    return { accountId, registrationResponse };
  }

  /**
   * Stores the account: OPAQUE record, key bundle, recovery wrap.
   * @throws AppError VALIDATION_FAILED for an invalid bundle, or a registration that expired,
   *   was used, or was started for another email; CONFLICT if the email has an account.
   */
  async finish(request: RegisterFinishRequest): Promise<RegisterFinishResponse> {
    const bundle = validateKeyBundle(request.keyBundle, 'body.keyBundle');
    if (bundle.generation !== 1) {
      throw new AppError('VALIDATION_FAILED', `new bundle with generation ${bundle.generation}`, {
        issues: [{ path: 'body.keyBundle.generation', message: 'must be 1 for a new account' }],
      });
    }
    const pendingEmail = await this.state.takePendingRegistration(request.accountId);
    if (pendingEmail !== request.email) {
      throw new AppError('VALIDATION_FAILED', `no pending registration of ${request.accountId} for this email`, {
        publicMessage: 'This registration expired or does not match its first step; start again.',
      });
    }
    const outcome = await this.accounts.create({
      id: request.accountId,
      email: request.email,
      opaqueRecord: request.registrationRecord,
      bundleVersion: bundle.version,
      bundleGeneration: bundle.generation,
      rootKeyWrap: bundle.rootKeyWrap,
      sharingPublicKey: bundle.sharingPublicKey,
      sharingSecretKeyWrap: bundle.sharingSecretKeyWrap,
      signingPublicKey: bundle.signingPublicKey,
      signingSecretKeyWrap: bundle.signingSecretKeyWrap,
      recoveryWrap: request.recoveryWrap,
      recoveryEscrow: request.recoveryEscrow ?? null,
      quotaBytes: BigInt(this.config.drive.defaultQuotaBytes),
    });
    if (outcome === 'email-taken') {
      throw new AppError('CONFLICT', 'email already has an account', { publicMessage: 'An account with this email already exists.' });
    }
    return { accountId: request.accountId };
  }
}
