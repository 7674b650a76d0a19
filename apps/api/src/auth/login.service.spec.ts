import { beforeEach, describe, expect, it, type Mocked } from 'vitest';
import { ACCOUNT_ID, accountMaterial, accountRow, appError, SESSION_ID } from '../../test/fixtures.js';
import { strictMock } from '../../test/strict-mock.js';
import { type AccountsRepository } from '../accounts/accounts.repository.js';
import { AppError } from '../errors/app-error.js';
import { type AuthStateRepository } from './auth-state.repository.js';
import { LOGIN_ATTEMPT_TTL_SECONDS, LoginService, unknownAccountIdentifier } from './login.service.js';
import { type OpaqueServer } from './opaque-server.js';
import { type SessionsService } from './sessions.service.js';

const LOGIN_ID = '0d6f2b1e-9a4c-4c3b-8e7d-1f2a3b4c5d6e';
const PROOF = { loginId: LOGIN_ID, finishLoginRequest: 'ke3' };
const CLIENT = { userAgent: 'agent', ip: '10.0.0.1' };

describe(LoginService.name, () => {
  let sut: LoginService;
  let accounts: Mocked<AccountsRepository>;
  let state: Mocked<AuthStateRepository>;
  let opaque: Mocked<OpaqueServer>;
  let sessions: Mocked<SessionsService>;

  beforeEach(() => {
    accounts = strictMock<AccountsRepository>('AccountsRepository');
    state = strictMock<AuthStateRepository>('AuthStateRepository');
    opaque = strictMock<OpaqueServer>('OpaqueServer');
    sessions = strictMock<SessionsService>('SessionsService');
    sut = new LoginService(accounts, state, opaque, sessions);
  });

  describe('start', () => {
    it("answers with the account's record under its id, and keeps the server state for two minutes", async () => {
      accounts.findLiveByEmail.mockResolvedValue(accountRow());
      opaque.startLogin.mockResolvedValue({ state: 'server-state', response: 'ke2' });
      state.saveLoginAttempt.mockResolvedValue();

      const started = await sut.start({ email: 'ada@example.org', startLoginRequest: 'ke1' });

      expect(started).toEqual({ loginId: expect.stringMatching(/^[0-9a-f-]{36}$/), loginResponse: 'ke2' });
      expect(opaque.startLogin).toHaveBeenCalledWith(ACCOUNT_ID, 'record', 'ke1', 'body.startLoginRequest');
      expect(state.saveLoginAttempt).toHaveBeenCalledWith(started.loginId, { accountId: ACCOUNT_ID, serverState: 'server-state' }, LOGIN_ATTEMPT_TTL_SECONDS);
    });

    it('answers an unknown email with a record-less login under an identifier derived from the email', async () => {
      accounts.findLiveByEmail.mockResolvedValue(null);
      opaque.startLogin.mockResolvedValue({ state: 'fake-state', response: 'fake-ke2' });
      state.saveLoginAttempt.mockResolvedValue();

      const started = await sut.start({ email: 'nobody@example.org', startLoginRequest: 'ke1' });

      expect(started.loginResponse).toBe('fake-ke2');
      expect(opaque.startLogin).toHaveBeenCalledWith('unregistered:nobody@example.org', null, 'ke1', 'body.startLoginRequest');
      expect(state.saveLoginAttempt).toHaveBeenCalledWith(started.loginId, { accountId: null, serverState: 'fake-state' }, LOGIN_ATTEMPT_TTL_SECONDS);
    });

    it('gives every attempt its own id', async () => {
      accounts.findLiveByEmail.mockResolvedValue(null);
      opaque.startLogin.mockResolvedValue({ state: 's', response: 'r' });
      state.saveLoginAttempt.mockResolvedValue();
      const [first, second] = await Promise.all([sut.start({ email: 'a@example.org', startLoginRequest: 'k' }), sut.start({ email: 'a@example.org', startLoginRequest: 'k' })]);
      expect(first.loginId).not.toBe(second.loginId);
    });
  });

  it('never confuses the identifier of an unknown email with an account id', () => {
    expect(unknownAccountIdentifier('a@example.org')).not.toMatch(/^[0-9a-f-]{36}$/);
  });

  describe('verify', () => {
    it('consumes the attempt and returns its account once KE3 verifies', async () => {
      state.takeLoginAttempt.mockResolvedValue({ accountId: ACCOUNT_ID, serverState: 'server-state' });
      opaque.finishLogin.mockResolvedValue();

      await expect(sut.verify(PROOF)).resolves.toBe(ACCOUNT_ID);
      expect(state.takeLoginAttempt).toHaveBeenCalledWith(LOGIN_ID);
      expect(opaque.finishLogin).toHaveBeenCalledWith('server-state', 'ke3');
    });

    it('refuses an unknown, expired or used attempt', async () => {
      state.takeLoginAttempt.mockResolvedValue(null);
      await expect(sut.verify(PROOF)).rejects.toEqual(appError('UNAUTHENTICATED', /unknown, expired or used/));
    });

    it('refuses a KE3 that does not verify', async () => {
      state.takeLoginAttempt.mockResolvedValue({ accountId: ACCOUNT_ID, serverState: 'server-state' });
      opaque.finishLogin.mockRejectedValue(new AppError('UNAUTHENTICATED', 'OPAQUE login refused'));
      await expect(sut.verify(PROOF)).rejects.toEqual(appError('UNAUTHENTICATED', 'OPAQUE login refused'));
    });

    it('runs the verification for an unknown email too, then refuses it', async () => {
      state.takeLoginAttempt.mockResolvedValue({ accountId: null, serverState: 'fake-state' });
      opaque.finishLogin.mockResolvedValue();
      await expect(sut.verify(PROOF)).rejects.toEqual(appError('UNAUTHENTICATED', /without an account/));
      expect(opaque.finishLogin).toHaveBeenCalledWith('fake-state', 'ke3');
    });
  });

  describe('finish', () => {
    it('opens a session and hands out the key bundle', async () => {
      const { bundle } = accountMaterial();
      state.takeLoginAttempt.mockResolvedValue({ accountId: ACCOUNT_ID, serverState: 'server-state' });
      opaque.finishLogin.mockResolvedValue();
      accounts.findLiveById.mockResolvedValue(accountRow(bundle));
      const session = { id: SESSION_ID, createdAt: '', lastSeenAt: '', expiresAt: '', userAgent: 'agent', ip: '10.0.0.1', current: true };
      sessions.open.mockResolvedValue({ token: 'token', session });

      await expect(sut.finish(PROOF, CLIENT)).resolves.toEqual({ token: 'token', accountId: ACCOUNT_ID, session, keyBundle: bundle });
      expect(sessions.open).toHaveBeenCalledWith(ACCOUNT_ID, CLIENT);
    });

    it('opens no session for an account deleted between the two steps', async () => {
      state.takeLoginAttempt.mockResolvedValue({ accountId: ACCOUNT_ID, serverState: 'server-state' });
      opaque.finishLogin.mockResolvedValue();
      accounts.findLiveById.mockResolvedValue(null);
      await expect(sut.finish(PROOF, CLIENT)).rejects.toEqual(appError('UNAUTHENTICATED'));
      expect(sessions.open).not.toHaveBeenCalled();
    });
  });
});
