// The messages between the pages and the worker that holds the account (coffre.worker.ts).
// Requests name a method and carry its parameters; each gets exactly one response. The worker
// also sends events of its own when the session changes under the page (another tab signed
// out, the server ended the session). Everything here is structured-clone data: no classes.
//
// The page never receives a key, a token or a recovery secret it did not itself type, except
// the freshly generated recovery key, which it must show once.
import { type CryptoErrorCode } from '@coffre/crypto/errors';
import { type SessionView } from '@coffre/sdk/api-types';
import { type ApiErrorCode } from '@coffre/sdk/errors';

/** Who is signed in, as far as the page needs to know: never keys or tokens. */
export interface SessionSummary {
  accountId: string;
  email: string;
  /**
   * True from sign-up until the person confirms they saved the recovery key. The worker keeps
   * the key (wrapped, like the account keys) until then, so a reload does not lose it.
   */
  recoveryKeyPending: boolean;
}

/** The signed-in account, as `GET /api/account` describes it, without its key bundle. */
export interface AccountSummary {
  accountId: string;
  email: string;
  /** Zero or less when the account has no quota. */
  quotaBytes: number;
  usedBytes: number;
  createdAt: string;
}

/** What logging out achieved. */
export interface LogoutResult {
  /**
   * False when the server could not be told (offline): the keys and token are gone from this
   * browser all the same, but the session stays listed until it expires or is revoked.
   */
  endedOnServer: boolean;
}

/** Every method of the worker: its parameters and its result. */
export interface AccountMethods {
  /** First call: where the API is. Restores the session this browser kept, if any. */
  start: { params: { apiUrl: string }; result: SessionSummary | null };
  signup: { params: { email: string; password: string }; result: SessionSummary };
  /** The recovery key of a sign-up not yet confirmed; NOT_FOUND once confirmed. */
  pendingRecoveryKey: { params: null; result: string };
  /** The person saved the recovery key: the worker forgets it. */
  confirmRecoveryKey: { params: null; result: SessionSummary };
  login: { params: { email: string; password: string }; result: SessionSummary };
  recoverAccount: { params: { email: string; recoveryKey: string; newPassword: string }; result: SessionSummary };
  logout: { params: null; result: LogoutResult };
  logoutEverywhere: { params: null; result: null };
  changePassword: { params: { currentPassword: string; newPassword: string }; result: null };
  deleteAccount: { params: { password: string }; result: null };
  listSessions: { params: null; result: SessionView[] };
  revokeSession: { params: { sessionId: string }; result: null };
  getAccount: { params: null; result: AccountSummary };
}

/**
 * The worker's whole interface. The drive's methods (listing, uploads, downloads) join this
 * union when the SDK's drive layer lands: `AccountMethods & DriveMethods`.
 */
export type WorkerMethods = AccountMethods;

export type MethodName = keyof WorkerMethods;
export type ParamsOf<M extends MethodName> = WorkerMethods[M]['params'];
export type ResultOf<M extends MethodName> = WorkerMethods[M]['result'];

/** Page → worker. */
export interface RequestMessage<M extends MethodName = MethodName> {
  type: 'request';
  id: number;
  method: M;
  params: ParamsOf<M>;
}

/** Worker → page: the answer to request `id`. */
export type ResponseMessage =
  | { type: 'response'; id: number; ok: true; result: unknown }
  | { type: 'response'; id: number; ok: false; error: WorkerErrorData };

/** Why the session changed without the page asking. */
export type SessionChangeReason =
  /** The API refused the session: it expired, or was revoked from another device. */
  | 'expired'
  /** Another tab of this browser signed in, out, or as someone else. */
  | 'other-tab';

/** Worker → page, unprompted. */
export interface SessionEventMessage {
  type: 'session';
  session: SessionSummary | null;
  reason: SessionChangeReason;
}

export type WorkerToPageMessage = ResponseMessage | SessionEventMessage;

/**
 * Codes of what can go wrong, as the page sees them: the API's codes (`@coffre/sdk/errors`),
 * the client-side crypto codes (`@coffre/crypto/errors`), and the worker's own.
 */
export type WorkerErrorCode =
  | ApiErrorCode
  | CryptoErrorCode
  /** The method needs a signed-in session and there is none (any more). */
  | 'NOT_SIGNED_IN'
  /** A method was called before `start`, or `start` twice. */
  | 'NOT_STARTED'
  /** The worker could not run: it failed to load, crashed, or threw something unexpected. */
  | 'WORKER_FAILED';

/** An error as it crosses from the worker to the page. */
export interface WorkerErrorData {
  code: WorkerErrorCode;
  /** Safe to show; the page usually shows its own wording for the code instead. */
  message: string;
  /** The API's HTTP status, when the API answered. */
  status?: number;
  /** The API's correlation id, to quote when reporting a problem. */
  correlationId?: string;
  /** RATE_LIMITED: seconds to wait. */
  retryAfterSeconds?: number;
  /** VALIDATION_FAILED: what the API found wrong. */
  issues?: { path: string; message: string }[];
}
