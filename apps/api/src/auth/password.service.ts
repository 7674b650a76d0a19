import { Injectable } from '@nestjs/common';
import { AccountsRepository } from '../accounts/accounts.repository.js';
import { ensureRootKeyRewrap, validateKeyBundle } from '../accounts/key-bundle.js';
import { AppError } from '../errors/app-error.js';
import { type CurrentSessionInfo } from './current-session.js';
import { LoginService } from './login.service.js';
import { OpaqueServer } from './opaque-server.js';
import { type PasswordFinishRequest, type PasswordStartRequest, type PasswordStartResponse } from './password.dto.js';

/**
 * Password change for a signed-in account. A session alone is not enough: the request must carry
 * a fresh OPAQUE login with the current password, so a stolen token cannot lock the owner out.
 */
@Injectable()
export class PasswordService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly login: LoginService,
    private readonly opaque: OpaqueServer,
  ) {}

  /** Answers the registration request of the new password. */
  async start(accountId: string, request: PasswordStartRequest): Promise<PasswordStartResponse> {
    return { registrationResponse: await this.opaque.registrationResponse(accountId, request.registrationRequest, 'body.registrationRequest') };
  }

  /**
   * Stores the new OPAQUE record and root key wrap, and ends every other session.
   * @throws AppError UNAUTHENTICATED if the password proof fails or is another account's;
   *   VALIDATION_FAILED for a bundle that changes more than the root key wrap; CONFLICT if the
   *   password changed meanwhile.
   */
  async finish(current: CurrentSessionInfo, request: PasswordFinishRequest, now = new Date()): Promise<void> {
    const bundle = validateKeyBundle(request.keyBundle, 'body.keyBundle');
    const provenAccountId = await this.login.verify(request);
    if (provenAccountId !== current.accountId) {
      throw new AppError('UNAUTHENTICATED', `password proof of ${provenAccountId} for account ${current.accountId}`);
    }
    const account = await this.accounts.findLiveById(current.accountId);
    if (account === null) throw new AppError('UNAUTHENTICATED', `account ${current.accountId} is gone`);
    ensureRootKeyRewrap(account, bundle, 'body.keyBundle');
    const changed = await this.accounts.replaceCredentials({
      accountId: account.id,
      expectedGeneration: account.bundleGeneration,
      opaqueRecord: request.registrationRecord,
      rootKeyWrap: bundle.rootKeyWrap,
      keepSessionId: current.sessionId,
      now,
    });
    if (!changed) throw new AppError('CONFLICT', 'credentials changed concurrently', { publicMessage: 'The password was changed meanwhile; sign in again and retry.' });
  }
}
