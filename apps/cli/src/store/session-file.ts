// The signed-in session, kept between commands in `<state dir>/session.json` (mode 0600).
//
// What must be stored to act without asking for the password again: the bearer token (the API
// needs it on every request) and the account's root key (every node key hangs below it, and it
// opens the identity keys). The identity secret keys are not stored in the clear: the file keeps
// the account's key bundle as the server holds it, in which they are wrapped under the root key,
// and they are unwrapped in memory when a command needs them. The root key itself is protected
// only by the file's permissions, as an SSH key without a passphrase is; `coffre logout`
// overwrites and deletes the file, and ends the session on the server.
import { type AccountKeyBundle, type AccountKeys, openAccountKeyBundleWithRootKey } from '@coffre/crypto/account';
import path from 'node:path';
import { CliError } from '../cli-error.js';
import { deletePrivateFile, readPrivateFile, writePrivateFile } from './private-file.js';

const SESSION_FILE_VERSION = 1;

/** What `session.json` holds. */
export interface StoredSession {
  version: typeof SESSION_FILE_VERSION;
  /** The API this session belongs to, without trailing slash. */
  server: string;
  accountId: string;
  email: string;
  sessionId: string;
  /** Bearer token of the session. */
  token: string;
  /** The account's root key, base64url. */
  rootKey: string;
  /** The account's key bundle: identity secret keys wrapped under the root key. */
  keyBundle: AccountKeyBundle;
}

/** A stored session with the account keys opened. */
export interface OpenSession extends StoredSession {
  keys: AccountKeys;
}

/** Where the session of a state directory lives. */
export function sessionFile(stateDir: string): string {
  return path.join(stateDir, 'session.json');
}

/** Saves the session (mode 0600, atomically). */
export async function saveSession(stateDir: string, session: Omit<StoredSession, 'version' | 'rootKey'> & { rootKey: Uint8Array }): Promise<void> {
  const stored: StoredSession = { ...session, version: SESSION_FILE_VERSION, rootKey: Buffer.from(session.rootKey).toString('base64url') };
  await writePrivateFile(sessionFile(stateDir), `${JSON.stringify(stored, null, 2)}\n`);
}

/**
 * Loads the session and opens the account keys, or returns undefined when signed out.
 * @throws CliError UNSAFE_FILE for a file others can read, LOCAL_IO for one that is not a
 *   session file of this version; CryptoError DECRYPT_FAILED if the key bundle does not open.
 */
export async function loadSession(stateDir: string): Promise<OpenSession | undefined> {
  const file = sessionFile(stateDir);
  const text = await readPrivateFile(file);
  if (text === undefined) return undefined;
  const stored = parseSession(text, file);
  const keys = openAccountKeyBundleWithRootKey(stored.keyBundle, { accountId: stored.accountId, rootKey: new Uint8Array(Buffer.from(stored.rootKey, 'base64url')) });
  return { ...stored, keys };
}

/** Overwrites and deletes the session file; nothing happens when there is none. */
export async function forgetSession(stateDir: string): Promise<void> {
  await deletePrivateFile(sessionFile(stateDir));
}

function parseSession(text: string, file: string): StoredSession {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CliError('LOCAL_IO', `${file} is not a session file; delete it and sign in again.`);
  }
  const session = value as Partial<StoredSession> | null;
  const strings = ['server', 'accountId', 'email', 'sessionId', 'token', 'rootKey'] as const;
  if (
    typeof session !== 'object' ||
    session === null ||
    session.version !== SESSION_FILE_VERSION ||
    strings.some((field) => typeof session[field] !== 'string') ||
    typeof session.keyBundle !== 'object'
  ) {
    throw new CliError('LOCAL_IO', `${file} is not a session file this version of coffre reads; delete it and sign in again.`);
  }
  return session as StoredSession;
}
