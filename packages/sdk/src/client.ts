/**
 * The Coffre client: typed routes, and the account flows built on them. Runs in Node (20+) and
 * browsers; everything secret (password, export key, root key, recovery key) stays in the
 * client's memory, and the server only ever sees what OPAQUE and @coffre/crypto let it see.
 *
 *   const client = createClient({ baseUrl: 'https://api.coffre.example' });
 *   const { recoveryKey } = await client.signup('ada@example.org', password);
 *   const { keys } = await client.login('ada@example.org', password);
 */
import { type SessionView } from './api-types.js';
import { changePassword } from './flows/change-password.js';
import { deleteAccount } from './flows/delete-account.js';
import { login } from './flows/login.js';
import { type ContactKeys, confirmPublicKeys, lookupPublicKeys } from './flows/lookup-public-keys.js';
import { recoverAccount } from './flows/recover-account.js';
import { renewRecoveryKey, revealRecoveryKey } from './flows/recovery-key.js';
import { type SignupResult, signup } from './flows/signup.js';
import { createHttp } from './http.js';
import { type PinStore, createMemoryPinStore } from './pins.js';
import { type ApiRoutes, createRoutes } from './routes.js';
import { type FlowContext, type SignedIn } from './session.js';

export type { ContactKeys, SignedIn, SignupResult };

/** How to reach the API, and what the client already holds. */
export interface ClientOptions {
  /** e.g. `https://api.coffre.example`. */
  baseUrl: string;
  /** A bearer token from an earlier login, to resume that session. */
  token?: string;
  /** Where contacts' key pins live; by default in memory, for the life of the client. */
  pinStore?: PinStore;
  /**
   * The OPAQUE server public key, if the application ships it: signup, login and recovery then
   * refuse (KEY_CHANGED) a server presenting another key.
   */
  serverPublicKey?: string;
  /** The fetch to use; the platform's by default. */
  fetch?: typeof fetch;
}

/** A client of one Coffre API, signed in or not. Every method throws ApiError on API failures. */
export interface CoffreClient {
  /** One typed method per route, for what the flows do not cover. */
  readonly routes: ApiRoutes;
  /** The current bearer token, undefined when signed out. */
  readonly token: string | undefined;
  /** Creates an account and signs in; returns the recovery key to show once. */
  signup(email: string, password: string): Promise<SignupResult>;
  /** Signs in and unwraps the account keys. Wrong password and unknown email fail alike (401). */
  login(email: string, password: string): Promise<SignedIn>;
  /** Changes the password (proving the current one); every other session ends. */
  changePassword(currentPassword: string, newPassword: string): Promise<void>;
  /** Restores access with the recovery key, sets a new password and signs in; every other session ends. */
  recoverAccount(email: string, recoveryKey: string, newPassword: string): Promise<SignedIn>;
  /** The account's live sessions, the current one flagged. */
  listSessions(): Promise<SessionView[]>;
  /** Ends one of the account's sessions. */
  revokeSession(sessionId: string): Promise<void>;
  /** Ends this session. */
  logout(): Promise<void>;
  /** Ends every session of the account, this one included. */
  logoutEverywhere(): Promise<void>;
  /** Deletes the account (proving the password) and signs out. */
  deleteAccount(password: string): Promise<void>;
  /**
   * The recovery key again, after proving the password; `keys` are the signed-in account's.
   * ApiError NOT_FOUND for accounts created before the escrow; CryptoError DECRYPT_FAILED when the
   * stored copy does not verify.
   */
  revealRecoveryKey(keys: Pick<SignedIn['keys'], 'rootKey'>, password: string): Promise<string>;
  /** A new recovery key (proving the password); the old one stops working. Returns the new key. */
  renewRecoveryKey(keys: Pick<SignedIn['keys'], 'rootKey'>, password: string): Promise<string>;
  /** A contact's public keys, checked against (or, the first time, pinned in) the pin store. */
  lookupPublicKeys(email: string): Promise<ContactKeys>;
  /** Pins a contact's keys after the person verified the fingerprint (e.g. after KEY_CHANGED). */
  confirmPublicKeys(contact: Pick<ContactKeys, 'email' | 'publicKeys'>): Promise<void>;
}

/** Creates a client of the API at `options.baseUrl`. */
export function createClient(options: ClientOptions): CoffreClient {
  let token = options.token;
  const pins = options.pinStore ?? createMemoryPinStore();
  const routes = createRoutes(createHttp({ baseUrl: options.baseUrl, token: () => token, ...(options.fetch && { fetch: options.fetch }) }));
  const context: FlowContext = {
    routes,
    setToken: (next) => {
      token = next;
    },
    serverPublicKey: options.serverPublicKey,
  };
  const signOut = () => {
    token = undefined;
  };

  return {
    routes,
    get token() {
      return token;
    },
    signup: (email, password) => signup(context, email, password),
    login: (email, password) => login(context, email, password),
    changePassword: (currentPassword, newPassword) => changePassword(context, currentPassword, newPassword),
    recoverAccount: (email, recoveryKey, newPassword) => recoverAccount(context, email, recoveryKey, newPassword),
    listSessions: async () => (await routes.listSessions()).sessions,
    revokeSession: (sessionId) => routes.revokeSession(sessionId),
    logout: () => routes.logout().then(signOut),
    logoutEverywhere: () => routes.logoutAll().then(signOut),
    deleteAccount: (password) => deleteAccount(context, password),
    revealRecoveryKey: (keys, password) => revealRecoveryKey(context, keys, password),
    renewRecoveryKey: (keys, password) => renewRecoveryKey(context, keys, password),
    lookupPublicKeys: (email) => lookupPublicKeys(context, pins, email),
    confirmPublicKeys: (contact) => confirmPublicKeys(pins, contact),
  };
}
