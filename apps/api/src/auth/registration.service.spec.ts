import { type ApiConfig } from '@coffre/config/api';
import { beforeEach, describe, expect, it, type Mocked } from 'vitest';
import { ACCOUNT_ID, accountMaterial, appError } from '../../test/fixtures.js';
import { strictMock } from '../../test/strict-mock.js';
import { type AccountsRepository } from '../accounts/accounts.repository.js';
import { type AuthStateRepository } from './auth-state.repository.js';
import { type OpaqueServer } from './opaque-server.js';
import { REGISTRATION_TTL_SECONDS, RegistrationService } from './registration.service.js';

const EMAIL = 'ada@example.org';

describe(RegistrationService.name, () => {
  let sut: RegistrationService;
  let accounts: Mocked<AccountsRepository>;
  let state: Mocked<AuthStateRepository>;
  let opaque: Mocked<OpaqueServer>;

  beforeEach(() => {
    accounts = strictMock<AccountsRepository>('AccountsRepository');
    state = strictMock<AuthStateRepository>('AuthStateRepository');
    opaque = strictMock<OpaqueServer>('OpaqueServer');
    sut = new RegistrationService(accounts, state, opaque, { drive: { defaultQuotaBytes: 5 * 1024 ** 3 } } as ApiConfig);
  });

  describe('start', () => {
    it('allocates a fresh account id, answers for it, and remembers which email it is for, without looking the email up', async () => {
      opaque.registrationResponse.mockResolvedValue('response');
      state.savePendingRegistration.mockResolvedValue();

      const started = await sut.start({ email: EMAIL, registrationRequest: 'request' });

      expect(started).toEqual({ accountId: expect.stringMatching(/^[0-9a-f-]{36}$/), registrationResponse: 'response' });
      expect(opaque.registrationResponse).toHaveBeenCalledWith(started.accountId, 'request', 'body.registrationRequest');
      expect(state.savePendingRegistration).toHaveBeenCalledWith(started.accountId, EMAIL, REGISTRATION_TTL_SECONDS);
      expect(accounts.findLiveByEmail).not.toHaveBeenCalled();
    });
  });

  describe('finish', () => {
    const { bundle } = accountMaterial();
    const request = { accountId: ACCOUNT_ID, email: EMAIL, registrationRecord: 'record', keyBundle: bundle, recoveryWrap: 'wrap', recoveryEscrow: 'escrow' };

    it('stores an account without a recovery escrow (clients from before it) with a null escrow', async () => {
      state.takePendingRegistration.mockResolvedValue(EMAIL);
      accounts.create.mockResolvedValue('created');
      const { recoveryEscrow: _omitted, ...withoutEscrow } = request;
      await sut.finish(withoutEscrow);
      expect(accounts.create).toHaveBeenCalledWith(expect.objectContaining({ recoveryWrap: 'wrap', recoveryEscrow: null }));
    });

    it('stores the account with its credentials', async () => {
      state.takePendingRegistration.mockResolvedValue(EMAIL);
      accounts.create.mockResolvedValue('created');

      await expect(sut.finish(request)).resolves.toEqual({ accountId: ACCOUNT_ID });
      expect(accounts.create).toHaveBeenCalledWith({
        id: ACCOUNT_ID,
        email: EMAIL,
        opaqueRecord: 'record',
        bundleVersion: 1,
        bundleGeneration: 1,
        rootKeyWrap: bundle.rootKeyWrap,
        sharingPublicKey: bundle.sharingPublicKey,
        sharingSecretKeyWrap: bundle.sharingSecretKeyWrap,
        signingPublicKey: bundle.signingPublicKey,
        signingSecretKeyWrap: bundle.signingSecretKeyWrap,
        recoveryWrap: 'wrap',
        recoveryEscrow: 'escrow',
        quotaBytes: 5n * 1024n ** 3n,
      });
    });

    it('answers CONFLICT for a taken email', async () => {
      state.takePendingRegistration.mockResolvedValue(EMAIL);
      accounts.create.mockResolvedValue('email-taken');
      await expect(sut.finish(request)).rejects.toEqual(appError('CONFLICT'));
    });

    it.each([
      ['expired or never started', null],
      ['started for another email', 'other@example.org'],
    ])('refuses a registration %s, creating nothing', async (_name, pending) => {
      state.takePendingRegistration.mockResolvedValue(pending);
      await expect(sut.finish(request)).rejects.toEqual(appError('VALIDATION_FAILED'));
      expect(accounts.create).not.toHaveBeenCalled();
    });

    it('refuses an invalid bundle or one past generation 1 before consuming the registration', async () => {
      await expect(sut.finish({ ...request, keyBundle: { ...bundle, signingPublicKey: 'A'.repeat(43) } })).rejects.toEqual(appError('VALIDATION_FAILED'));
      await expect(sut.finish({ ...request, keyBundle: { ...bundle, generation: 2 } })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        issues: [{ path: 'body.keyBundle.generation', message: 'must be 1 for a new account' }],
      });
      expect(state.takePendingRegistration).not.toHaveBeenCalled();
    });
  });
});
