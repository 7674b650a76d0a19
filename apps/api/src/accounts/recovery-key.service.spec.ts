import { sealRecoveryEscrow } from '@coffre/crypto/recovery-escrow';
import { generateRecoveryKey, sealRecoveryWrap } from '@coffre/crypto/recovery';
import { beforeEach, describe, expect, it, type Mocked } from 'vitest';
import { ACCOUNT_ID, accountRow, appError, SESSION_ID } from '../../test/fixtures.js';
import { strictMock } from '../../test/strict-mock.js';
import { type LoginService } from '../auth/login.service.js';
import { AppError } from '../errors/app-error.js';
import { type AccountsRepository } from './accounts.repository.js';
import { RecoveryKeyService } from './recovery-key.service.js';

const CURRENT = { accountId: ACCOUNT_ID, sessionId: SESSION_ID };
const PROOF = { loginId: '0d6f2b1e-9a4c-4c3b-8e7d-1f2a3b4c5d6e', finishLoginRequest: 'ke3' };
const OTHER_ACCOUNT = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

function newRecoveryMaterial() {
  const rootKey = new Uint8Array(32).fill(5);
  const { secret } = generateRecoveryKey();
  return {
    recoveryWrap: Buffer.from(sealRecoveryWrap(rootKey, secret, ACCOUNT_ID)).toString('base64url'),
    recoveryEscrow: Buffer.from(sealRecoveryEscrow(rootKey, secret, ACCOUNT_ID)).toString('base64url'),
  };
}

describe(RecoveryKeyService.name, () => {
  let sut: RecoveryKeyService;
  let accounts: Mocked<AccountsRepository>;
  let login: Mocked<LoginService>;

  beforeEach(() => {
    accounts = strictMock<AccountsRepository>('AccountsRepository');
    login = strictMock<LoginService>('LoginService');
    sut = new RecoveryKeyService(accounts, login);
  });

  describe('reveal', () => {
    it('hands out the escrow and the wrap it matches, once the password is proven', async () => {
      login.verify.mockResolvedValue(ACCOUNT_ID);
      accounts.findLiveById.mockResolvedValue(accountRow(undefined, { recoveryWrap: 'wrap', recoveryEscrow: 'escrow' }));
      await expect(sut.reveal(CURRENT, PROOF)).resolves.toEqual({ recoveryWrap: 'wrap', recoveryEscrow: 'escrow' });
      expect(login.verify).toHaveBeenCalledWith(PROOF);
    });

    it('refuses without a valid, fresh, unused proof, reading nothing', async () => {
      login.verify.mockRejectedValue(new AppError('UNAUTHENTICATED', 'login attempt unknown, expired or used'));
      await expect(sut.reveal(CURRENT, PROOF)).rejects.toEqual(appError('UNAUTHENTICATED'));
      expect(accounts.findLiveById).not.toHaveBeenCalled();
    });

    it("refuses another account's password proof", async () => {
      login.verify.mockResolvedValue(OTHER_ACCOUNT);
      await expect(sut.reveal(CURRENT, PROOF)).rejects.toEqual(appError('UNAUTHENTICATED'));
      expect(accounts.findLiveById).not.toHaveBeenCalled();
    });

    it('answers NOT_FOUND for an account created before escrows', async () => {
      login.verify.mockResolvedValue(ACCOUNT_ID);
      accounts.findLiveById.mockResolvedValue(accountRow(undefined, { recoveryEscrow: null }));
      await expect(sut.reveal(CURRENT, PROOF)).rejects.toMatchObject({ code: 'NOT_FOUND', publicMessage: 'This account has no stored copy of its recovery key; generate a new one.' });
    });

    it('answers UNAUTHENTICATED for an account deleted meanwhile', async () => {
      login.verify.mockResolvedValue(ACCOUNT_ID);
      accounts.findLiveById.mockResolvedValue(null);
      await expect(sut.reveal(CURRENT, PROOF)).rejects.toEqual(appError('UNAUTHENTICATED'));
    });
  });

  describe('replace', () => {
    it('stores the new wrap and escrow together', async () => {
      const material = newRecoveryMaterial();
      login.verify.mockResolvedValue(ACCOUNT_ID);
      accounts.replaceRecovery.mockResolvedValue(true);
      await sut.replace(CURRENT, { ...PROOF, ...material });
      expect(accounts.replaceRecovery).toHaveBeenCalledWith(ACCOUNT_ID, material);
    });

    it("refuses another account's proof, changing nothing", async () => {
      login.verify.mockResolvedValue(OTHER_ACCOUNT);
      await expect(sut.replace(CURRENT, { ...PROOF, ...newRecoveryMaterial() })).rejects.toEqual(appError('UNAUTHENTICATED'));
      expect(accounts.replaceRecovery).not.toHaveBeenCalled();
    });

    it.each([
      ['an escrow that is a recovery wrap', (material: ReturnType<typeof newRecoveryMaterial>) => ({ ...material, recoveryEscrow: material.recoveryWrap }), 'body.recoveryEscrow'],
      ['a wrap that is an escrow', (material: ReturnType<typeof newRecoveryMaterial>) => ({ ...material, recoveryWrap: material.recoveryEscrow }), 'body.recoveryWrap'],
      ['an escrow too short to be an envelope', (material: ReturnType<typeof newRecoveryMaterial>) => ({ ...material, recoveryEscrow: 'AQEU' }), 'body.recoveryEscrow'],
    ])('refuses %s before checking the proof', async (_name, mangle, path) => {
      const error = await sut.replace(CURRENT, { ...PROOF, ...mangle(newRecoveryMaterial()) }).catch((thrown: unknown) => thrown);
      expect(error).toEqual(appError('VALIDATION_FAILED'));
      expect((error as AppError).issues).toEqual([{ path, message: expect.any(String) }]);
      expect(login.verify).not.toHaveBeenCalled();
    });

    it('answers UNAUTHENTICATED when the account is gone', async () => {
      login.verify.mockResolvedValue(ACCOUNT_ID);
      accounts.replaceRecovery.mockResolvedValue(false);
      await expect(sut.replace(CURRENT, { ...PROOF, ...newRecoveryMaterial() })).rejects.toEqual(appError('UNAUTHENTICATED'));
    });
  });
});
