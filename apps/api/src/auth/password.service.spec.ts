import { beforeEach, describe, expect, it, type Mocked } from 'vitest';
import { ACCOUNT_ID, accountMaterial, accountRow, appError, NOW, SESSION_ID } from '../../test/fixtures.js';
import { strictMock } from '../../test/strict-mock.js';
import { type AccountsRepository } from '../accounts/accounts.repository.js';
import { AppError } from '../errors/app-error.js';
import { type LoginService } from './login.service.js';
import { type OpaqueServer } from './opaque-server.js';
import { PasswordService } from './password.service.js';

const CURRENT = { accountId: ACCOUNT_ID, sessionId: SESSION_ID };
const PROOF = { loginId: '0d6f2b1e-9a4c-4c3b-8e7d-1f2a3b4c5d6e', finishLoginRequest: 'ke3' };

describe(PasswordService.name, () => {
  let sut: PasswordService;
  let accounts: Mocked<AccountsRepository>;
  let login: Mocked<LoginService>;
  let opaque: Mocked<OpaqueServer>;
  const { bundle } = accountMaterial();
  const rewrapped = { ...bundle, generation: 2, rootKeyWrap: `${bundle.rootKeyWrap.slice(0, -4)}AAAA` };
  const request = { ...PROOF, registrationRecord: 'new-record', keyBundle: rewrapped };

  beforeEach(() => {
    accounts = strictMock<AccountsRepository>('AccountsRepository');
    login = strictMock<LoginService>('LoginService');
    opaque = strictMock<OpaqueServer>('OpaqueServer');
    sut = new PasswordService(accounts, login, opaque);
  });

  it('answers the registration request of the new password for the signed-in account', async () => {
    opaque.registrationResponse.mockResolvedValue('response');
    await expect(sut.start(ACCOUNT_ID, { registrationRequest: 'request' })).resolves.toEqual({ registrationResponse: 'response' });
    expect(opaque.registrationResponse).toHaveBeenCalledWith(ACCOUNT_ID, 'request', 'body.registrationRequest');
  });

  it('stores the new record and wrap, keeping only the current session', async () => {
    login.verify.mockResolvedValue(ACCOUNT_ID);
    accounts.findLiveById.mockResolvedValue(accountRow(bundle));
    accounts.replaceCredentials.mockResolvedValue(true);

    await sut.finish(CURRENT, request, NOW);

    expect(login.verify).toHaveBeenCalledWith(request);
    expect(accounts.replaceCredentials).toHaveBeenCalledWith({
      accountId: ACCOUNT_ID,
      expectedGeneration: 1,
      opaqueRecord: 'new-record',
      rootKeyWrap: rewrapped.rootKeyWrap,
      keepSessionId: SESSION_ID,
      now: NOW,
    });
  });

  it('refuses a failed password proof', async () => {
    login.verify.mockRejectedValue(new AppError('UNAUTHENTICATED', 'OPAQUE login refused'));
    await expect(sut.finish(CURRENT, request, NOW)).rejects.toEqual(appError('UNAUTHENTICATED'));
    expect(accounts.replaceCredentials).not.toHaveBeenCalled();
  });

  it("refuses another account's password proof", async () => {
    login.verify.mockResolvedValue('11111111-2222-4333-8444-555555555555');
    await expect(sut.finish(CURRENT, request, NOW)).rejects.toEqual(appError('UNAUTHENTICATED', /password proof of 1111/));
    expect(accounts.replaceCredentials).not.toHaveBeenCalled();
  });

  it('refuses a bundle that changes an identity key', async () => {
    login.verify.mockResolvedValue(ACCOUNT_ID);
    accounts.findLiveById.mockResolvedValue(accountRow(bundle));
    const other = accountMaterial().bundle;
    await expect(sut.finish(CURRENT, { ...request, keyBundle: { ...rewrapped, signingPublicKey: other.signingPublicKey } }, NOW)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: 'body.keyBundle.signingPublicKey', message: 'must not change when the password changes' }],
    });
  });

  it('answers CONFLICT when the credentials changed in between', async () => {
    login.verify.mockResolvedValue(ACCOUNT_ID);
    accounts.findLiveById.mockResolvedValue(accountRow(bundle));
    accounts.replaceCredentials.mockResolvedValue(false);
    await expect(sut.finish(CURRENT, request, NOW)).rejects.toEqual(appError('CONFLICT'));
  });
});
