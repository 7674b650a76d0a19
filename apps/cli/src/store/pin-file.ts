// Contacts' key pins (docs/crypto.md, "Fingerprints and pinning") in `<config dir>/pins.json`:
// the SDK checks every lookup of a contact's public keys against them, so a server that swaps
// a contact's keys is caught (KEY_CHANGED) instead of receiving files sealed to its own key.
import path from 'node:path';
import { type PinStore } from '@coffre/sdk/pins';
import { CliError } from '../cli-error.js';
import { readPrivateFile, writePrivateFile } from './private-file.js';

type PinTable = Record<string, string>;

/** A PinStore over a JSON file mapping each contact's email to the hex digest of their keys. */
export function createPinFile(configDir: string): PinStore {
  const file = path.join(configDir, 'pins.json');
  const load = async (): Promise<PinTable> => {
    const text = await readPrivateFile(file);
    if (text === undefined) return {};
    try {
      const table = JSON.parse(text) as unknown;
      if (typeof table === 'object' && table !== null && !Array.isArray(table)) return table as PinTable;
    } catch {
      // reported below
    }
    throw new CliError('LOCAL_IO', `${file} is not a pin file; it lists the contacts whose keys you verified.`);
  };
  return {
    get: async (email) => {
      const hex = (await load())[email];
      return hex === undefined ? undefined : new Uint8Array(Buffer.from(hex, 'hex'));
    },
    set: async (email, digest) => {
      const table = await load();
      table[email] = Buffer.from(digest).toString('hex');
      await writePrivateFile(file, `${JSON.stringify(table, null, 2)}\n`);
    },
  };
}
