import { Injectable } from '@nestjs/common';
import { accountFingerprint } from '@coffre/crypto/fingerprint';
import { AccountsRepository } from '../accounts/accounts.repository.js';
import { AppError } from '../errors/app-error.js';
import { type PublicKeysView } from './keys.dto.js';

/**
 * The public key directory: who to share with, and whose signatures to trust. Clients pin what
 * they get and compare fingerprints out of band: the directory is a convenience, never the
 * authority (a server could answer with keys of its own; pinning is what catches it).
 */
@Injectable()
export class KeysService {
  constructor(private readonly accounts: AccountsRepository) {}

  /**
   * The public keys of the account with this email. Signed-in accounts only: a directory cannot
   * help telling which emails have accounts, so it is not open to the public.
   * @throws AppError NOT_FOUND for an email without an account.
   */
  async lookup(email: string): Promise<PublicKeysView> {
    const account = await this.accounts.findLiveByEmail(email);
    if (account === null) throw new AppError('NOT_FOUND', 'key lookup for an email without an account', { publicMessage: 'No account has this email.' });
    const { display } = accountFingerprint({
      sharing: Buffer.from(account.sharingPublicKey, 'base64url'),
      signing: Buffer.from(account.signingPublicKey, 'base64url'),
    });
    return { accountId: account.id, x25519: account.sharingPublicKey, ed25519: account.signingPublicKey, fingerprint: display };
  }
}
