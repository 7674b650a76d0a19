import { describe, expect, it } from 'vitest';
import { ApiError, KeyChangedError } from '../errors.js';
import { type ContactKeys } from '../flows/lookup-public-keys.js';
import { WriterKeys } from './writer-keys.js';

const own = new Uint8Array(32).fill(1);
const contact = (email: string, accountId: string, fill: number): ContactKeys => ({
  email,
  accountId,
  publicKeys: { sharing: new Uint8Array(32), signing: new Uint8Array(32).fill(fill) },
  fingerprint: '',
  digest: new Uint8Array(32),
  firstSeen: false,
});

function directory(entries: Record<string, ContactKeys | Error>) {
  const lookups: string[] = [];
  return {
    lookups,
    lookup: async (email: string) => {
      lookups.push(email);
      const entry = entries[email];
      if (entry === undefined) throw new ApiError(404, 'NOT_FOUND', 'No account.', '');
      if (entry instanceof Error) throw entry;
      return entry;
    },
  };
}

describe('writer keys', () => {
  it("gives the account's own key without asking anyone", async () => {
    const dir = directory({});
    expect(await new WriterKeys('me', own, dir.lookup).keyFor('me')).toBe(own);
    expect(dir.lookups).toEqual([]);
  });

  it('finds a writer among known contacts, looking each email up once, case-insensitively', async () => {
    const dir = directory({ 'grace@example.org': contact('grace@example.org', 'grace', 2), 'alan@example.org': contact('alan@example.org', 'alan', 3) });
    const writers = new WriterKeys('me', own, dir.lookup);
    writers.addContacts([' Grace@Example.org ', null, 'alan@example.org']);
    expect(await writers.keyFor('alan')).toEqual(new Uint8Array(32).fill(3));
    expect(await writers.keyFor('grace')).toEqual(new Uint8Array(32).fill(2));
    expect(await writers.keyFor('alan')).toEqual(new Uint8Array(32).fill(3));
    expect(dir.lookups.sort()).toEqual(['alan@example.org', 'grace@example.org']);
  });

  it('refuses an unknown writer, asking for more contacts once per writer, whatever key the server presents', async () => {
    let discoveries = 0;
    const dir = directory({ 'grace@example.org': contact('grace@example.org', 'grace', 2) });
    const writers = new WriterKeys('me', own, dir.lookup, async () => {
      discoveries++;
      return ['grace@example.org', 'gone@example.org'];
    });
    await expect(writers.keyFor('mallory', 'AAAA')).rejects.toMatchObject({ code: 'UNTRUSTED_WRITER' });
    await expect(writers.keyFor('mallory', 'AAAA')).rejects.toMatchObject({ code: 'UNTRUSTED_WRITER' });
    expect(discoveries).toBe(1);
    // The discovered contacts were looked up (one without an account is skipped), and serve later.
    expect(await writers.keyFor('grace')).toEqual(new Uint8Array(32).fill(2));
    expect(dir.lookups.sort()).toEqual(['gone@example.org', 'grace@example.org']);
  });

  it('lets a changed contact key through as KeyChangedError, never as a trusted key', async () => {
    const dir = directory({ 'grace@example.org': new KeyChangedError('grace@example.org', undefined) });
    const writers = new WriterKeys('me', own, dir.lookup);
    writers.addContacts(['grace@example.org']);
    await expect(writers.keyFor('grace')).rejects.toBeInstanceOf(KeyChangedError);
  });
});
