import { ApiError } from '../errors.js';
import { type ContactKeys } from '../flows/lookup-public-keys.js';
import { normalizeEmail } from '../session.js';
import { DriveError } from './drive-error.js';

/** Maps the writer of a record to the key its signature must verify under. */
export interface WriterKeyResolver {
  /**
   * @param presented the key the server presents with the record (`writerSigningPublicKey`),
   *   which a resolver may use only where nothing better exists (a link opened without an account).
   */
  keyFor(writerId: string, presented: string): Promise<Uint8Array>;
}

/**
 * Whose signatures the drive accepts on node records, and under which key: the account's own
 * key, and the keys of contacts looked up in the key directory and checked against the pins
 * (a changed key throws KeyChangedError there, never accepted silently). The server's
 * `writerSigningPublicKey` is never trusted on its own: a writer id maps to a key only through
 * an email this client knows (a share's owner or recipient, or a contact the application names).
 */
export class WriterKeys implements WriterKeyResolver {
  private readonly byAccount = new Map<string, Uint8Array>();
  private readonly emails = new Set<string>();
  private readonly looked = new Set<string>();
  private readonly unknown = new Set<string>();

  constructor(
    ownAccountId: string,
    ownSigningPublicKey: Uint8Array,
    private readonly lookup: (email: string) => Promise<ContactKeys>,
    /** Called once when an unknown writer appears, to learn more emails (e.g. from the share lists). */
    private readonly discover: () => Promise<string[]> = async () => [],
  ) {
    this.byAccount.set(ownAccountId, ownSigningPublicKey);
  }

  /** Adds emails whose accounts may write nodes this drive reads. */
  addContacts(emails: Iterable<string | null>): void {
    for (const email of emails) if (email) this.emails.add(normalizeEmail(email));
  }

  /**
   * The verified signing key of `writerId`.
   * @throws DriveError UNTRUSTED_WRITER when no known contact is that account; KeyChangedError
   *   when a contact's keys differ from the pin.
   */
  async keyFor(writerId: string, _presented?: string): Promise<Uint8Array> {
    const known = this.byAccount.get(writerId) ?? (await this.lookUpPending(writerId));
    if (known !== undefined) return known;
    // Learn more contacts once per unknown writer: a folder full of records from a stranger must
    // not cost a share listing each.
    if (!this.unknown.has(writerId)) {
      this.unknown.add(writerId);
      this.addContacts(await this.discover());
      const discovered = await this.lookUpPending(writerId);
      if (discovered !== undefined) return discovered;
    }
    throw new DriveError('UNTRUSTED_WRITER', `A node was written by an account this client cannot verify (${writerId}); add its email as a contact to trust it.`);
  }

  private async lookUpPending(writerId: string): Promise<Uint8Array | undefined> {
    for (const email of this.emails) {
      if (this.looked.has(email)) continue;
      this.looked.add(email);
      let contact: ContactKeys;
      try {
        contact = await this.lookup(email);
      } catch (error) {
        // An email without an account (deleted since) names no writer; a changed key propagates.
        if (error instanceof ApiError && error.code === 'NOT_FOUND') continue;
        throw error;
      }
      this.byAccount.set(contact.accountId, contact.publicKeys.signing);
      if (contact.accountId === writerId) return contact.publicKeys.signing;
    }
    return this.byAccount.get(writerId);
  }
}
