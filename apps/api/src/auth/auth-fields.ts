import { z } from 'zod';
import { base64url } from '../accounts/key-bundle.dto.js';

/** An email address, compared lower-case: the account's login name. */
export const emailField = z.email({ error: 'must be an email address' }).max(254).transform((email) => email.toLowerCase());

/** An OPAQUE protocol message (RFC 9807), base64url; the largest, a registration record, is about 256 characters. */
export const opaqueMessageField = base64url(1024);

/** The proof of the current password that sensitive changes require: a login attempt's second step. */
export const loginProofFields = {
  loginId: z.uuid().describe('From `POST /api/auth/login/start`.'),
  finishLoginRequest: opaqueMessageField.describe('OPAQUE KE3.'),
};
