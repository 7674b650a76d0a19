import { accountFingerprint } from '@coffre/crypto/fingerprint';
import { beforeEach, describe, expect, it, type Mocked } from 'vitest';
import { ACCOUNT_ID, accountMaterial, accountRow, appError } from '../../test/fixtures.js';
import { strictMock } from '../../test/strict-mock.js';
import { type AccountsRepository } from '../accounts/accounts.repository.js';
import { KeysService } from './keys.service.js';

describe(KeysService.name, () => {
  let sut: KeysService;
  let accounts: Mocked<AccountsRepository>;

  beforeEach(() => {
    accounts = strictMock<AccountsRepository>('AccountsRepository');
    sut = new KeysService(accounts);
  });

  it('gives the public keys of the account with that email and their fingerprint', async () => {
    const { keys, bundle } = accountMaterial();
    accounts.findLiveByEmail.mockResolvedValue(accountRow(bundle));

    await expect(sut.lookup('ada@example.org')).resolves.toEqual({
      accountId: ACCOUNT_ID,
      x25519: bundle.sharingPublicKey,
      ed25519: bundle.signingPublicKey,
      fingerprint: accountFingerprint({ sharing: keys.sharing.publicKey, signing: keys.signing.publicKey }).display,
    });
    expect(accounts.findLiveByEmail).toHaveBeenCalledWith('ada@example.org');
  });

  it('answers NOT_FOUND for an email without an account', async () => {
    accounts.findLiveByEmail.mockResolvedValue(null);
    await expect(sut.lookup('nobody@example.org')).rejects.toEqual(appError('NOT_FOUND'));
  });
});
