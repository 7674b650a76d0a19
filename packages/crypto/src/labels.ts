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

  /** Envelope purpose node-key-wrap: a node's key under its parent folder's key (root folder: root key). */
  envelopeNodeKeyWrap: 'coffre/v1/envelope/node-key-wrap',
  /** Envelope purpose node-name: a node's encrypted name, under its own node key. */
  envelopeNodeName: 'coffre/v1/envelope/node-name',
  /** Envelope purpose node-metadata: a node's encrypted metadata record, under its own node key. */
  envelopeNodeMetadata: 'coffre/v1/envelope/node-metadata',
  /** Envelope purpose file-key-wrap: a file version's content key under the file's node key. */
  envelopeFileKeyWrap: 'coffre/v1/envelope/file-key-wrap',
  /** Envelope purpose upload-key-wrap: an unfinished upload's file key and salt under the uploader's root key, kept locally to resume. */
  envelopeUploadKeyWrap: 'coffre/v1/envelope/upload-key-wrap',
  /** Envelope purpose root-key-wrap: the account root key under the export-key wrapping key. */
  envelopeRootKeyWrap: 'coffre/v1/envelope/root-key-wrap',
  /** Envelope purpose identity-x25519-wrap: the X25519 (sharing) secret key under the root key. */
  envelopeSharingKeyWrap: 'coffre/v1/envelope/identity-x25519-wrap',
  /** Envelope purpose identity-ed25519-wrap: the Ed25519 (signing) secret key under the root key. */
  envelopeSigningKeyWrap: 'coffre/v1/envelope/identity-ed25519-wrap',
  /** Envelope purpose recovery-wrap: the account root key under the recovery wrapping key. */
  envelopeRecoveryWrap: 'coffre/v1/envelope/recovery-wrap',
  /** Envelope purpose recovery-escrow: the recovery secret under the root key, so the signed-in owner can see the recovery key again. */
  envelopeRecoveryEscrow: 'coffre/v1/envelope/recovery-escrow',
  /** Envelope purpose link-key-wrap: a shared node's key under the key carried in a link's URL fragment. */
  envelopeLinkKeyWrap: 'coffre/v1/envelope/link-key-wrap',
  /** Envelope purpose link-password-wrap: a link's wrapped key, wrapped again under the link-password key. */
  envelopeLinkPasswordWrap: 'coffre/v1/envelope/link-password-wrap',

  /** Account: the key that wraps the root key, derived from OPAQUE's export key (RFC 9807 §10.4). */
  accountExportWrappingKey: 'coffre/v1/account/export-key-wrapping-key',
  /** Recovery: the key that wraps the root key, derived from the printed recovery secret. */
  recoveryWrappingKey: 'coffre/v1/recovery/wrapping-key',
  /** Links: the key derived from an Argon2id-stretched link password. */
  linkPasswordKey: 'coffre/v1/link/password-key',
  /** Links: the parent key of a link's link-key-wrap envelope, from the link secret. */
  linkWrappingKey: 'coffre/v1/link/wrapping-key',
  /** Links: the parent key of a link's link-password-wrap envelope, from the link password key and the link secret. */
  linkPasswordWrappingKey: 'coffre/v1/link/password-wrapping-key',
  /** Links: the access token whose SHA-256 the server holds, from the link secret (and the link password key). */
  linkAccessToken: 'coffre/v1/link/access-token',

  /** Uploads: the HMAC key of the part plaintext hashes an interrupted upload is resumed with. */
  uploadPartMacKey: 'coffre/v1/upload/part-mac-key',
} as const;

export type Label = (typeof LABELS)[keyof typeof LABELS];

/**
 * Domain-separation strings that are not HKDF labels: prefixes of signed messages, the HPKE
 * `info` of key shares and the input of fingerprints. Same rule as LABELS: one string per use,
 * never renamed or reused, each listed in docs/crypto.md.
 */
export const DOMAINS = {
  /** Prefix of the HPKE `info` of a key share (RFC 9180 §5.1). */
  shareInfo: 'coffre/v1/share/hpke-info',
  /** Prefix of the message a key share's sender signs with Ed25519. */
  shareSignature: 'coffre/v1/share/signature',
  /** Prefix of the message a node record's writer signs with Ed25519. */
  nodeRecordSignature: 'coffre/v1/signature/node-record',
  /** Prefix of the message an account signs with Ed25519 to reset its password with the recovery key. */
  recoveryProofSignature: 'coffre/v1/signature/recovery-proof',
  /** First field of the file format's context: which owner, node and version a file belongs to. */
  fileContext: 'coffre/v1/file/context',
  /** Prefix of the hashed input of an account fingerprint. */
  fingerprint: 'coffre/v1/fingerprint/account-public-keys',
} as const;

export type Domain = (typeof DOMAINS)[keyof typeof DOMAINS];
