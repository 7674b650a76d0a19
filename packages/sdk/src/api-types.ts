/**
 * The JSON bodies of Coffre's HTTP API, as the client sends and receives them. The API validates
 * its side with zod schemas beside each route and publishes them as OpenAPI (`/api/docs`); these
 * types mirror them, and the API's end-to-end tests run the SDK against the real routes so the
 * two cannot drift apart unnoticed.
 *
 * Binary values (OPAQUE messages, keys, envelopes, signatures, challenges) are base64url strings
 * without padding; times are ISO 8601 strings.
 */
import { type AccountKeyBundle } from '@coffre/crypto/account';

export type { AccountKeyBundle };

/** `POST /api/auth/register/start`. */
export interface RegisterStartRequest {
  email: string;
  /** OPAQUE registration request (RFC 9807 §5.1.1). */
  registrationRequest: string;
}
export interface RegisterStartResponse {
  /** The id the new account will have; the key bundle is bound to it. */
  accountId: string;
  registrationResponse: string;
}

/** `POST /api/auth/register/finish`, answered 201. */
export interface RegisterFinishRequest {
  accountId: string;
  email: string;
  /** OPAQUE registration record (RFC 9807 §5.1.3). */
  registrationRecord: string;
  keyBundle: AccountKeyBundle;
  /** Envelope recovery-wrap: the root key under the recovery key. */
  recoveryWrap: string;
  /** Envelope recovery-escrow: the recovery secret under the root key (to show the key again). */
  recoveryEscrow?: string;
}
export interface RegisterFinishResponse {
  accountId: string;
}

/** `POST /api/auth/login/start`. */
export interface LoginStartRequest {
  email: string;
  /** OPAQUE KE1. */
  startLoginRequest: string;
}
export interface LoginStartResponse {
  /** Names this attempt in the second step; valid once, for two minutes. */
  loginId: string;
  /** OPAQUE KE2. */
  loginResponse: string;
}

/**
 * Proof of the current password: a login attempt started with `POST /api/auth/login/start` and
 * finished here instead of at `/login/finish`. Sensitive changes require one.
 */
export interface LoginProof {
  loginId: string;
  /** OPAQUE KE3. */
  finishLoginRequest: string;
}

/** `POST /api/auth/login/finish`. */
export type LoginFinishRequest = LoginProof;
export interface LoginFinishResponse {
  /** The bearer token of the new session. Shown once; the server keeps only its hash. */
  token: string;
  accountId: string;
  session: SessionView;
  keyBundle: AccountKeyBundle;
}

/** One signed-in device. */
export interface SessionView {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
  ip: string | null;
  /** True for the session that made the request. */
  current: boolean;
}

/** `GET /api/auth/sessions`. */
export interface SessionList {
  sessions: SessionView[];
}

/** `POST /api/auth/password/start`. */
export interface PasswordStartRequest {
  registrationRequest: string;
}
export interface PasswordStartResponse {
  registrationResponse: string;
}

/** `POST /api/auth/password/finish`: the new registration, with the root key rewrapped under it. */
export interface PasswordFinishRequest extends LoginProof {
  registrationRecord: string;
  /** The current bundle with `rootKeyWrap` replaced and `generation` incremented. */
  keyBundle: AccountKeyBundle;
}

/** `POST /api/auth/recovery/start`. */
export interface RecoveryStartRequest {
  email: string;
  /** OPAQUE registration request for the new password. */
  registrationRequest: string;
}
export interface RecoveryStartResponse {
  accountId: string;
  keyBundle: AccountKeyBundle;
  recoveryWrap: string;
  /** 32 random bytes to sign; valid once, for ten minutes. */
  challenge: string;
  registrationResponse: string;
}

/** `POST /api/auth/recovery/finish`. */
export interface RecoveryFinishRequest {
  challenge: string;
  /** Recovery proof (docs/crypto.md): Ed25519 over the challenge and the new credentials. */
  signature: string;
  registrationRecord: string;
  keyBundle: AccountKeyBundle;
}

/** `GET /api/account`. */
export interface AccountView {
  accountId: string;
  email: string;
  keyBundle: AccountKeyBundle;
  quotaBytes: number;
  usedBytes: number;
  createdAt: string;
}

/** `DELETE /api/account`. */
export type DeleteAccountRequest = LoginProof;

/** `POST /api/account/recovery-key/reveal`: a fresh proof of the password. */
export type RevealRecoveryKeyRequest = LoginProof;

/** The escrow of the recovery key and the recovery wrap it must match (base64url envelopes). */
export interface RecoveryKeyMaterial {
  recoveryWrap: string;
  recoveryEscrow: string;
}

/** `PUT /api/account/recovery-key`: a new recovery key, with a fresh proof of the password. */
export interface ReplaceRecoveryKeyRequest extends LoginProof, RecoveryKeyMaterial {}

/** `GET /api/keys?email=`. */
export interface PublicKeysView {
  accountId: string;
  /** X25519 public key. */
  x25519: string;
  /** Ed25519 public key. */
  ed25519: string;
  /** As the server computed it; clients compute their own from the keys. */
  fingerprint: string;
}

/** The body of every error response. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    correlationId: string;
    issues?: { path: string; message: string }[];
    /** Facts to act on: QUOTA_EXCEEDED `remainingBytes`, UPLOAD_INCOMPLETE `missing`. */
    details?: Record<string, unknown>;
  };
}
