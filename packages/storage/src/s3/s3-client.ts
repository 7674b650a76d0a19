import { S3Client } from '@aws-sdk/client-s3';

/** How to reach one S3-compatible service. */
export interface S3ConnectionSettings {
  /** Service URL; absent means the S3 client's default endpoint for `region`. */
  readonly endpoint?: string;
  readonly region: string;
  /** `https://host/bucket/key` instead of `https://bucket.host/key`; most self-hosted services need it. */
  readonly forcePathStyle: boolean;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Attempts per request, retries included; default 3. Streaming uploads are never retried. */
  readonly maxAttempts?: number;
  /** Give up connecting after this long; default 5 s. */
  readonly connectionTimeoutMs?: number;
  /** Give up on a request whose socket stays idle this long; default 30 s. */
  readonly requestTimeoutMs?: number;
}

// The SDK logs every failed command and every unretried streaming upload; the store already hands
// each failure to its caller (and to repair), so these would only be noise in the API's logs.
const silentLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/**
 * An S3 client configured for the store. Credentials are always explicit (from the validated
 * configuration), never picked up from the environment.
 *
 * Flexible checksums are only sent when an operation requires them: by default the SDK would wrap
 * streaming uploads in `aws-chunked` encoding with a CRC trailer, which several S3-compatible
 * services do not accept. Integrity does not depend on it: single PUTs are signed with the
 * object's SHA-256 (which is its key) and every body is verified by the store as it streams.
 */
export function createS3Client(settings: S3ConnectionSettings): S3Client {
  return new S3Client({
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
    maxAttempts: settings.maxAttempts ?? 3,
    requestHandler: {
      connectionTimeout: settings.connectionTimeoutMs ?? 5_000,
      requestTimeout: settings.requestTimeoutMs ?? 30_000,
    },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    logger: silentLogger,
  });
}
