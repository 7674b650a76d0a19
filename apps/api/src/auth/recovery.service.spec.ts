import { signRecoveryProof } from '@coffre/crypto/recovery-proof';
import { beforeEach, describe, expect, it, type Mocked } from 'vitest';
import { ACCOUNT_ID, accountMaterial, accountRow, appError, NOW } from '../../test/fixtures.js';
import { strictMock } from '../../test/strict-mock.js';
import { type AccountsRepository } from '../accounts/accounts.repository.js';
import { type AuthStateRepository } from './auth-state.repository.js';
import { type OpaqueServer } from './opaque-server.js';
import { RECOVERY_CHALLENGE_TTL_SECONDS, RecoveryService } from './recovery.service.js';

const CHALLENGE = Buffer.alloc(32, 5).toString('base64url');

describe(RecoveryService.name, () => {
  let sut: RecoveryService;
  let accounts: Mocked<AccountsRepository>;
  let state: Mocked<AuthStateRepository>;
  let opaque: Mocked<OpaqueServer>;
  const { keys, bundle } = accountMaterial();
  const rewrapped = { ...bundle, generation: 2, rootKeyWrap: `${bundle.rootKeyWrap.slice(0, -4)}AAAA` };

  /** A finish request whose proof is signed with `signingSecretKey` (the account's by default). */
  function finishRequest(signingSecretKey = keys.signing.secretKey, challenge = CHALLENGE) {
    const subject = { accountId: ACCOUNT_ID, challenge: Buffer.from(challenge, 'base64url'), registrationRecord: 'new-record', rootKeyWrap: rewrapped.rootKeyWrap };
    const signature = Buffer.from(signRecoveryProof(subject, signingSecretKey)).toString('base64url');
    return { challenge, signature, registrationRecord: 'new-record', keyBundle: rewrapped };
  }

  beforeEach(() => {
    accounts = strictMock<AccountsRepository>('AccountsRepository');
    state = strictMock<AuthStateRepository>('AuthStateRepository');
    opaque = strictMock<OpaqueServer>('OpaqueServer');
    sut = new RecoveryService(accounts, state, opaque);
  });

  describe('start', () => {
    it('hands out the recovery wrap, the bundle, a fresh single-use challenge and the OPAQUE answer', async () => {
      accounts.findLiveByEmail.mockResolvedValue(accountRow(bundle));
      opaque.registrationResponse.mockResolvedValue('response');
      state.saveRecoveryChallenge.mockResolvedValue();

      const started = await sut.start({ email: 'ada@example.org', registrationRequest: 'request' });

      expect(started).toEqual({ accountId: ACCOUNT_ID, keyBundle: bundle, recoveryWrap: 'recovery-wrap', challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), registrationResponse: 'response' });
      expect(state.saveRecoveryChallenge).toHaveBeenCalledWith(started.challenge, ACCOUNT_ID, RECOVERY_CHALLENGE_TTL_SECONDS);
      expect(opaque.registrationResponse).toHaveBeenCalledWith(ACCOUNT_ID, 'request', 'body.registrationRequest');
    });

    it('answers NOT_FOUND for an email without an account', async () => {
      accounts.findLiveByEmail.mockResolvedValue(null);
      await expect(sut.start({ email: 'nobody@example.org', registrationRequest: 'request' })).rejects.toEqual(appError('NOT_FOUND'));
    });
  });

  describe('finish', () => {
    it('checks the proof and stores the new credentials, ending every session', async () => {
      state.takeRecoveryChallenge.mockResolvedValue(ACCOUNT_ID);
      accounts.findLiveById.mockResolvedValue(accountRow(bundle));
      accounts.replaceCredentials.mockResolvedValue(true);

      await sut.finish(finishRequest(), NOW);

      expect(state.takeRecoveryChallenge).toHaveBeenCalledWith(CHALLENGE);
      expect(accounts.replaceCredentials).toHaveBeenCalledWith({
        accountId: ACCOUNT_ID,
        expectedGeneration: 1,
        opaqueRecord: 'new-record',
        rootKeyWrap: rewrapped.rootKeyWrap,
        keepSessionId: null,
        now: NOW,
      });
    });

    it('refuses an unknown, expired or used challenge', async () => {
      state.takeRecoveryChallenge.mockResolvedValue(null);
      await expect(sut.finish(finishRequest(), NOW)).rejects.toEqual(appError('UNAUTHENTICATED', /challenge unknown, expired or used/));
    });

    it('refuses a proof signed with another key', async () => {
      state.takeRecoveryChallenge.mockResolvedValue(ACCOUNT_ID);
      accounts.findLiveById.mockResolvedValue(accountRow(bundle));
      await expect(sut.finish(finishRequest(accountMaterial().keys.signing.secretKey), NOW)).rejects.toEqual(appError('UNAUTHENTICATED', /recovery proof refused/));
      expect(accounts.replaceCredentials).not.toHaveBeenCalled();
    });

    it('refuses a signature of the wrong length the same way', async () => {
      state.takeRecoveryChallenge.mockResolvedValue(ACCOUNT_ID);
      accounts.findLiveById.mockResolvedValue(accountRow(bundle));
      await expect(sut.finish({ ...finishRequest(), signature: 'AAAA' }, NOW)).rejects.toEqual(appError('UNAUTHENTICATED'));
    });

    it('refuses a proof for credentials other than the ones sent', async () => {
      state.takeRecoveryChallenge.mockResolvedValue(ACCOUNT_ID);
      accounts.findLiveById.mockResolvedValue(accountRow(bundle));
      await expect(sut.finish({ ...finishRequest(), registrationRecord: 'swapped-record' }, NOW)).rejects.toEqual(appError('UNAUTHENTICATED'));
    });

    it('refuses an account deleted since the challenge', async () => {
      state.takeRecoveryChallenge.mockResolvedValue(ACCOUNT_ID);
      accounts.findLiveById.mockResolvedValue(null);
      await expect(sut.finish(finishRequest(), NOW)).rejects.toEqual(appError('UNAUTHENTICATED'));
    });
  });
});
