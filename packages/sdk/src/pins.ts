/**
 * Pinned contact keys. The first time a client fetches a contact's public keys it pins their
 * fingerprint digest (trust on first use, docs/crypto.md "Fingerprints and pinning"); from then
 * on, keys that differ are refused with KEY_CHANGED until the person re-verifies them. Pins are
 * kept by email, the name the person asked for: pinning by account id would let a server that
 * maps the email to another account present it as a contact never seen before.
 */

/** Where a client keeps its pins. Implement it over IndexedDB, a file, the OS keychain... */
export interface PinStore {
  /** The pinned 32-byte fingerprint digest for `email` (lower-case), if any. */
  get(email: string): Promise<Uint8Array | undefined>;
  set(email: string, digest: Uint8Array): Promise<void>;
}

/** A pin store in memory: pins last as long as the client object. */
export function createMemoryPinStore(): PinStore {
  const pins = new Map<string, Uint8Array>();
  return {
    get: async (email) => pins.get(email)?.slice(),
    set: async (email, digest) => {
      pins.set(email, digest.slice());
    },
  };
}
