import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AccountsRepository } from '../accounts/accounts.repository.js';
import { keyBundleOf } from '../accounts/key-bundle.js';
import { AppError } from '../errors/app-error.js';
import { AuthStateRepository } from './auth-state.repository.js';
import { type ClientInfo } from './client-info.js';
import { type LoginFinishResponse, type LoginProof, type LoginStartRequest, type LoginStartResponse } from './login.dto.js';
import { OpaqueServer } from './opaque-server.js';
import { SessionsService } from './sessions.service.js';

/** How long a client has between the two steps of a login: one Argon2id run, on a slow phone. */
export const LOGIN_ATTEMPT_TTL_SECONDS = 120;

/**
 * The OPAQUE identifier under which an email without an account is answered. The OPRF key is
 * derived from it and the server's secret seed, so the fake answers for one email are as
 * consistent from one attempt to the next as a real account's, and never equal another's. Real
 * accounts are identified by their id (a UUID), which this can never be.
 */
export function unknownAccountIdentifier(email: string): string {
  return `unregistered:${email}`;
}

/**
 * Login with OPAQUE (RFC 9807 §6): the server never sees the password nor anything that would
 * let it test guesses offline. A wrong password, an unknown email, an expired or reused attempt
 * and a forged message all end in the same 401.
 */
@Injectable()
export class LoginService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly state: AuthStateRepository,
    private readonly opaque: OpaqueServer,
    private readonly sessions: SessionsService,
  ) {}

  /**
   * Answers KE1 with KE2. An email without an account gets a fake KE2 that no client can tell
   * from a real one (RFC 9807 §10.9), and its attempt is doomed to fail at the second step.
   */
  async start(request: LoginStartRequest): Promise<LoginStartResponse> {
    const account = await this.accounts.findLiveByEmail(request.email);
    const userIdentifier = account?.id ?? unknownAccountIdentifier(request.email);
    const { state, response } = await this.opaque.startLogin(userIdentifier, account?.opaqueRecord ?? null, request.startLoginRequest, 'body.startLoginRequest');
    const loginId = randomUUID();
    await this.state.saveLoginAttempt(loginId, { accountId: account?.id ?? null, serverState: state }, LOGIN_ATTEMPT_TTL_SECONDS);
    return { loginId, loginResponse: response };
  }

  /**
   * Verifies KE3 and opens a session.
   * @throws AppError UNAUTHENTICATED for any failure.
   */
  async finish(proof: LoginProof, client: ClientInfo): Promise<LoginFinishResponse> {
    const accountId = await this.verify(proof);
    const account = await this.accounts.findLiveById(accountId);
    if (account === null) throw new AppError('UNAUTHENTICATED', `account ${accountId} deleted during login`);
    const { token, session } = await this.sessions.open(accountId, client);
    return { token, accountId, session, keyBundle: keyBundleOf(account) };
  }

  /**
   * Consumes a login attempt and returns its account once KE3 verifies: the proof of the
   * current password that sensitive changes require. Each attempt serves once.
   * @throws AppError UNAUTHENTICATED for any failure.
   */
  async verify(proof: LoginProof): Promise<string> {
    const attempt = await this.state.takeLoginAttempt(proof.loginId);
    if (attempt === null) throw new AppError('UNAUTHENTICATED', `login attempt ${proof.loginId} unknown, expired or used`);
    // Verified even for an unknown email, so that both fail the same way, at the same cost.
    await this.opaque.finishLogin(attempt.serverState, proof.finishLoginRequest);
    if (attempt.accountId === null) throw new AppError('UNAUTHENTICATED', 'login for an email without an account');
    return attempt.accountId;
  }
}
