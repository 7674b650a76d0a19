// One typed method per API route, with no logic of its own: the flows (flows/*.ts) compose them.
import {
  type AccountView,
  type DeleteAccountRequest,
  type LoginFinishRequest,
  type LoginFinishResponse,
  type LoginStartRequest,
  type LoginStartResponse,
  type PasswordFinishRequest,
  type PasswordStartRequest,
  type PasswordStartResponse,
  type PublicKeysView,
  type RecoveryFinishRequest,
  type RecoveryKeyMaterial,
  type RecoveryStartRequest,
  type RecoveryStartResponse,
  type RegisterFinishRequest,
  type RegisterFinishResponse,
  type RegisterStartRequest,
  type RegisterStartResponse,
  type ReplaceRecoveryKeyRequest,
  type RevealRecoveryKeyRequest,
  type SessionList,
} from './api-types.js';
import { type Http } from './http.js';

/** Every route of the accounts and sessions API. Each throws ApiError on failure. */
export interface ApiRoutes {
  registerStart(body: RegisterStartRequest): Promise<RegisterStartResponse>;
  registerFinish(body: RegisterFinishRequest): Promise<RegisterFinishResponse>;
  loginStart(body: LoginStartRequest): Promise<LoginStartResponse>;
  loginFinish(body: LoginFinishRequest): Promise<LoginFinishResponse>;
  listSessions(): Promise<SessionList>;
  revokeSession(sessionId: string): Promise<void>;
  logout(): Promise<void>;
  logoutAll(): Promise<void>;
  passwordStart(body: PasswordStartRequest): Promise<PasswordStartResponse>;
  passwordFinish(body: PasswordFinishRequest): Promise<void>;
  recoveryStart(body: RecoveryStartRequest): Promise<RecoveryStartResponse>;
  recoveryFinish(body: RecoveryFinishRequest): Promise<void>;
  getAccount(): Promise<AccountView>;
  deleteAccount(body: DeleteAccountRequest): Promise<void>;
  /** 404 NOT_FOUND for an account created before recovery escrows. */
  revealRecoveryKey(body: RevealRecoveryKeyRequest): Promise<RecoveryKeyMaterial>;
  replaceRecoveryKey(body: ReplaceRecoveryKeyRequest): Promise<void>;
  lookupKeys(email: string): Promise<PublicKeysView>;
}

/** The routes, sent through `http`. */
export function createRoutes(http: Http): ApiRoutes {
  const post = <T>(path: string, body: unknown, authenticated = false) => http<T>({ method: 'POST', path, body, authenticated });
  return {
    registerStart: (body) => post('/api/auth/register/start', body),
    registerFinish: (body) => post('/api/auth/register/finish', body),
    loginStart: (body) => post('/api/auth/login/start', body),
    loginFinish: (body) => post('/api/auth/login/finish', body),
    listSessions: () => http({ method: 'GET', path: '/api/auth/sessions', authenticated: true }),
    revokeSession: (sessionId) => http({ method: 'DELETE', path: `/api/auth/sessions/${encodeURIComponent(sessionId)}`, authenticated: true }),
    logout: () => post('/api/auth/logout', undefined, true),
    logoutAll: () => post('/api/auth/logout-all', undefined, true),
    passwordStart: (body) => post('/api/auth/password/start', body, true),
    passwordFinish: (body) => post('/api/auth/password/finish', body, true),
    recoveryStart: (body) => post('/api/auth/recovery/start', body),
    recoveryFinish: (body) => post('/api/auth/recovery/finish', body),
    getAccount: () => http({ method: 'GET', path: '/api/account', authenticated: true }),
    deleteAccount: (body) => http({ method: 'DELETE', path: '/api/account', body, authenticated: true }),
    revealRecoveryKey: (body) => post('/api/account/recovery-key/reveal', body, true),
    replaceRecoveryKey: (body) => http({ method: 'PUT', path: '/api/account/recovery-key', body, authenticated: true }),
    lookupKeys: (email) => http({ method: 'GET', path: '/api/keys', query: { email }, authenticated: true }),
  };
}
