// The link form's fields, checked and turned into the worker's `createLink` parameters. Plain
// functions, so the rules are tested without a browser.
import { type ParamsOf } from '../../lib/worker/protocol.ts';

export interface LinkFields {
  /** `YYYY-MM-DD` from a date input, or '' for no expiry. */
  expiry: string;
  /** Digits, or '' for no limit. */
  limit: string;
  /** '' for no password. */
  password: string;
}

export interface CheckedLinkRequest {
  request: ParamsOf<'createLink'> | undefined;
  errors: { expiry?: string; limit?: string };
}

const MAX_DOWNLOADS = 1_000_000;

/**
 * Checks the fields: an expiry date is the end of that day in the person's time zone and must be
 * in the future; a limit is a whole number from 1. `now` is the clock.
 */
export function linkRequest(nodeId: string, fields: LinkFields, now: Date): CheckedLinkRequest {
  const errors: CheckedLinkRequest['errors'] = {};
  let expiresAt: string | undefined;
  if (fields.expiry !== '') {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(fields.expiry);
    const end = match === null ? undefined : new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59, 999);
    if (end === undefined || Number.isNaN(end.getTime())) errors.expiry = 'Enter a date.';
    else if (end.getTime() <= now.getTime()) errors.expiry = 'Choose today or a later day.';
    else expiresAt = end.toISOString();
  }
  let maxDownloads: number | undefined;
  if (fields.limit.trim() !== '') {
    const value = Number(fields.limit.trim());
    if (!/^\d+$/.test(fields.limit.trim()) || value < 1 || value > MAX_DOWNLOADS) errors.limit = `Enter a whole number from 1 to ${MAX_DOWNLOADS.toLocaleString('en')}.`;
    else maxDownloads = value;
  }
  if (Object.keys(errors).length > 0) return { request: undefined, errors };
  return {
    request: {
      nodeId,
      ...(expiresAt !== undefined && { expiresAt }),
      ...(maxDownloads !== undefined && { maxDownloads }),
      ...(fields.password !== '' && { password: fields.password }),
    },
    errors,
  };
}
