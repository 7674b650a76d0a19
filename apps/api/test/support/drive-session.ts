// A signed-up account with its SDK drive, for the drive end-to-end specs: the SDK exactly as
// an application uses it, over HTTP, against the real API of the spec.
import { type Drive, type DriveApi, createDrive, createDriveHttpApi } from '@coffre/sdk/drive';
import { signUp, type TestAccount } from './accounts.js';

/** An account and its drive; `api` is the drive's route binding (wrap `fetch` to play a malicious server). */
export interface DriveAccount extends TestAccount {
  drive: Drive;
  api: DriveApi;
}

/** A fetch that can stand between the SDK and the API (to count, fail or alter requests). */
export type FetchWrapper = (fetch: typeof globalThis.fetch) => typeof globalThis.fetch;

/** Binds a drive to an account's session, optionally through a fetch wrapper. */
export function driveFor(baseUrl: string, account: TestAccount, wrap?: FetchWrapper): { drive: Drive; api: DriveApi } {
  const fetchImpl = wrap ? wrap(globalThis.fetch.bind(globalThis)) : undefined;
  const api = createDriveHttpApi({ baseUrl, token: () => account.client.token, ...(fetchImpl && { fetch: fetchImpl }) });
  const drive = createDrive({ api, session: account, lookupPublicKeys: (email) => account.client.lookupPublicKeys(email) });
  return { drive, api };
}

/** Signs up a new account and binds its drive. */
export async function signUpWithDrive(baseUrl: string, name: string): Promise<DriveAccount> {
  const account = await signUp(baseUrl, name);
  return { ...account, ...driveFor(baseUrl, account) };
}

/** Reads a stream to the end. */
export async function readStream(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const pieces: Uint8Array[] = [];
  for await (const piece of stream as unknown as AsyncIterable<Uint8Array>) pieces.push(piece);
  return Buffer.concat(pieces);
}

/** Bytes that differ at every position from a neighbour's: a shifted or mixed-up part shows. */
export function patternBytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
