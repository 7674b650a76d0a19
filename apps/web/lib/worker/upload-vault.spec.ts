import { describe, expect, it } from 'vitest';
import { createUploadVault, type SealedUploadRecord, type UploadRecord, type UploadRecordStore } from './upload-vault.ts';

/** Slots as IndexedDB holds them: structured-cloned on the way in and out. */
function memoryStore(): UploadRecordStore & { slots: Map<string, SealedUploadRecord> } {
  const slots = new Map<string, SealedUploadRecord>();
  return {
    slots,
    getAll: async () => [...slots.values()].map((value) => structuredClone(value)),
    get: async (id) => (slots.has(id) ? structuredClone(slots.get(id)) : undefined),
    put: async (record) => {
      slots.set(record.transferId, structuredClone(record));
    },
    delete: async (id) => {
      slots.delete(id);
    },
  };
}

function record(overrides: Partial<UploadRecord> = {}): UploadRecord {
  return { transferId: 't-1', accountId: 'acct-a', parentId: 'folder-1', folderPath: 'holiday/2026', name: 'secret-plans.pdf', size: 1234, mtime: 1_700_000_000_000, done: 0, ...overrides };
}

describe('upload vault', () => {
  it('keeps records sealed: no name in the stored bytes, a non-extractable key, and the record back as it was', async () => {
    const store = memoryStore();
    const vault = createUploadVault(store);
    await vault.put(record());
    const sealed = store.slots.get('t-1')!;
    expect(sealed.key.extractable).toBe(false);
    expect(Buffer.from(sealed.ciphertext).includes(Buffer.from('secret-plans'))).toBe(false);
    expect(Buffer.from(sealed.ciphertext).includes(Buffer.from('holiday'))).toBe(false);
    expect(await vault.get('t-1')).toEqual(record());
  });

  it('lists only the records of the account asked for', async () => {
    const vault = createUploadVault(memoryStore());
    await vault.put(record());
    await vault.put(record({ transferId: 't-2', accountId: 'acct-b' }));
    expect((await vault.list('acct-a')).map((entry) => entry.transferId)).toEqual(['t-1']);
    expect((await vault.list('acct-b')).map((entry) => entry.transferId)).toEqual(['t-2']);
  });

  it('deletes a record whose ciphertext was altered instead of trusting it', async () => {
    const store = memoryStore();
    const vault = createUploadVault(store);
    await vault.put(record());
    const sealed = store.slots.get('t-1')!;
    const bytes = new Uint8Array(sealed.ciphertext);
    bytes[3] = bytes[3]! ^ 1;
    expect(await vault.get('t-1')).toBeUndefined();
    expect(store.slots.has('t-1')).toBe(false);
  });

  it('refuses a record moved into another transfer’s slot (the transfer id is bound as associated data)', async () => {
    const store = memoryStore();
    const vault = createUploadVault(store);
    await vault.put(record());
    store.slots.set('t-9', { ...store.slots.get('t-1')!, transferId: 't-9' });
    expect(await vault.get('t-9')).toBeUndefined();
    expect(store.slots.has('t-9')).toBe(false);
    expect(await vault.get('t-1')).toEqual(record());
  });

  it('drops records of another format or with an extractable key', async () => {
    const store = memoryStore();
    const vault = createUploadVault(store);
    await vault.put(record());
    store.slots.set('t-1', { ...store.slots.get('t-1')!, version: 2 as 1 });
    expect(await vault.list('acct-a')).toEqual([]);
    const extractable = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
    await vault.put(record());
    store.slots.set('t-1', { ...store.slots.get('t-1')!, key: extractable });
    expect(await vault.get('t-1')).toBeUndefined();
  });
});
