/**
 * Every HKDF label Coffre uses, in one place. One label per purpose: no key is ever derived for,
 * or used in, two purposes (the MEGA 2022 attacks chained exactly such reuse). A new purpose
 * gets a new label here and a line in docs/crypto.md; a label is never renamed or reused.
 */
export const LABELS = {
  /** File format v1: AES-256-GCM key for the chunks of one file version. */
  filePayload: 'coffre/v1/file/payload-key',
  /** File format v1: HMAC-SHA-256 key for the header commitment. */
  fileHeaderCommit: 'coffre/v1/file/header-commitment',
} as const;

export type Label = (typeof LABELS)[keyof typeof LABELS];
