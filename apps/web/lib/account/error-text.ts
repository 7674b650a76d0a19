// What to tell a person when an account action fails, from the error's code. The API's codes
// are deliberately coarse (every authentication failure is UNAUTHENTICATED), so the same code
// means different things on different forms: a wrong password on sign-in, an ended session
// elsewhere. Each action says what its codes mean for it.
import { AccountError } from '../worker/errors.ts';

/** The account actions a page can take. */
export type AccountAction =
  | 'signup'
  | 'login'
  | 'recover'
  | 'change-password'
  | 'delete-account'
  | 'sessions'
  | 'logout'
  | 'account'
  | 'sharing'
  | 'recovery-key'
  | 'drive';

/** What failed, in words for the person, and what to quote when reporting it. */
export interface ErrorText {
  message: string;
  /** The API's correlation id, for a support request; undefined when the API did not answer. */
  reference: string | undefined;
}

const SPECIFIC: Partial<Record<AccountAction, Partial<Record<string, string>>>> = {
  signup: {
    CONFLICT: 'An account with this email already exists. Sign in instead, or recover it with its recovery key.',
    VALIDATION_FAILED: 'This email address does not look valid. Check it and try again.',
  },
  login: {
    UNAUTHENTICATED: 'The email or password is not correct.',
    DECRYPT_FAILED: 'Signed in, but the account keys the server sent do not open with this password. Nothing was decrypted; contact support.',
  },
  recover: {
    NOT_FOUND: 'No account has this email address.',
    DECRYPT_FAILED: 'This recovery key does not belong to this account.',
    UNAUTHENTICATED: 'The server refused the recovery, possibly because it took too long. Try again.',
    CONFLICT: 'The password was changed meanwhile. Start the recovery again.',
  },
  'change-password': {
    UNAUTHENTICATED: 'The current password is not correct.',
    CONFLICT: 'The password was changed meanwhile from another device. Sign in again and retry.',
    DECRYPT_FAILED: 'The current password does not open the account keys. Nothing was changed.',
  },
  'delete-account': {
    UNAUTHENTICATED: 'The password is not correct. The account was not deleted.',
  },
  sessions: {
    NOT_FOUND: 'That session has already ended.',
  },
  sharing: {
    NOT_FOUND: 'Not found: no account has this email, or the folder, link or share no longer exists.',
    KEY_CHANGED: 'This person’s keys changed since you last verified them. Nothing was shared. Compare the new fingerprint with them before trusting it.',
    TAMPERED: 'Something the server sent failed verification. Nothing was shown or shared.',
    UNTRUSTED_WRITER: 'This share comes from an account whose keys cannot be verified. It was not opened.',
    NOT_ALLOWED: 'Only the owner of a folder can share it, and not with their own account.',
    NOT_A_FOLDER: 'Only folders can be shared with other accounts; share a file with a link.',
    CONFLICT: 'This folder is already shared with that account.',
  },
  'recovery-key': {
    UNAUTHENTICATED: 'The password is not correct.',
    DECRYPT_FAILED: 'The stored copy of your recovery key failed verification, so it is not shown. Generate a new recovery key.',
    CONFLICT: 'Your recovery key was changed meanwhile from another device. Reload and try again.',
  },
  // Drive errors not listed here carry the SDK's own wording ("\"a.txt\" already exists").
  drive: {
    QUOTA_EXCEEDED: 'There is not enough storage left in your account for this. Free some space (empty the trash) and try again.',
    TAMPERED: 'Something the server sent failed verification. Nothing of it was shown or saved.',
    UNTRUSTED_WRITER: 'This was written by an account whose keys cannot be verified, so it was not opened.',
    NOT_FOUND: 'This file or folder no longer exists. It may have been moved or deleted elsewhere.',
    CONFLICT: 'This was changed meanwhile, from another tab or device. Reload and try again.',
  },
};

const GENERAL: Record<string, string> = {
  NETWORK_ERROR: 'Coffre’s server cannot be reached. Check your connection and try again.',
  RATE_LIMITED: 'Too many attempts. Wait a moment and try again.',
  DEPENDENCY_UNAVAILABLE: 'Coffre is having trouble right now. Try again in a few minutes.',
  INTERNAL: 'Something went wrong on our side. Try again; if it keeps happening, contact support.',
  UNEXPECTED_RESPONSE: 'The server sent an answer this page does not understand. Try again later.',
  NOT_SIGNED_IN: 'Your session has ended. Sign in again.',
  WORKER_FAILED: 'This page could not run the part that keeps your keys. Reload the page and try again.',
  KEY_CHANGED: 'The server presented a different identity than before. Nothing was sent; contact support.',
  UNSUPPORTED_VERSION: 'Your account data uses a newer format than this page understands. Reload the page.',
  INVALID_INPUT: 'Some of what was entered is not valid. Check it and try again.',
  VALIDATION_FAILED: 'Some of what was entered is not valid. Check it and try again.',
};

/** Words for `error`, the failure of `action`. */
export function errorText(error: unknown, action: AccountAction): ErrorText {
  if (!(error instanceof AccountError)) {
    return { message: GENERAL.WORKER_FAILED!, reference: undefined };
  }
  let message = (action === 'recover' && recoveryKeyTypo(error)) || SPECIFIC[action]?.[error.code] || GENERAL[error.code] || error.message;
  if (error.code === 'RATE_LIMITED' && error.retryAfterSeconds !== undefined) {
    message = `Too many attempts. Try again in ${waitText(error.retryAfterSeconds)}.`;
  }
  return { message, reference: error.correlationId };
}

/**
 * The recovery key's own check characters locate typos before anything is sent
 * (@coffre/crypto/recovery); say where, so the person can compare that group with their copy.
 */
function recoveryKeyTypo(error: AccountError): string | undefined {
  if (error.code !== 'INVALID_INPUT') return undefined;
  const group = /group (\d+) has a typo/.exec(error.message);
  if (group !== null) return `Group ${group[1]} of the recovery key has a typo. Compare it with your saved copy.`;
  const length = /must have (\d+) characters, got (\d+)/.exec(error.message);
  if (length !== null) return `A recovery key has ${length[1]} letters and digits (8 groups of 5); this one has ${length[2]}.`;
  const character = /contains "(.+)", which is not in the alphabet/.exec(error.message);
  if (character !== null) return `The recovery key contains “${character[1]}”, which never appears in recovery keys.`;
  if (error.message.startsWith('recovery key')) return 'This is not a valid recovery key. It has 8 groups of 5 letters and digits; check each group.';
  return undefined;
}

function waitText(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
