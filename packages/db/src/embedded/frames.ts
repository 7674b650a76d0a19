// Splits the bytes a Postgres client sends into protocol messages (PostgreSQL documentation,
// "Frontend/Backend Protocol", "Message Formats"). Before start-up a message is an Int32 length
// and an Int32 code; after it, a type byte and an Int32 length that counts itself.

const PROTOCOL_3_0 = 196608;
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
/** Postgres itself refuses start-up packets over 10 000 bytes. */
const MAX_STARTUP_LENGTH = 10_000;

/** Bytes that cannot be Postgres protocol: the connection is closed. */
export class ProtocolViolation extends Error {
  override readonly name = 'ProtocolViolation';
}

/** One complete message from a client. */
export type ClientFrame =
  /** SSLRequest or GSSENCRequest: answered `N`, the client then goes on unencrypted. */
  | { kind: 'encryption-request' }
  /** CancelRequest, which arrives on a connection of its own. */
  | { kind: 'cancel-request' }
  /** StartupMessage, or a protocol version this server does not speak. */
  | { kind: 'startup'; bytes: Uint8Array; supported: boolean }
  /** Any message after start-up; `type` is its type byte as a character (`Q`, `P`, `S`, ...). */
  | { kind: 'message'; type: string; bytes: Uint8Array };

/** Accumulates a connection's bytes and yields each message once it has fully arrived. */
export class FrameReader {
  private buffered: Buffer = Buffer.alloc(0);
  private started = false;

  /**
   * Adds `chunk` and returns the messages it completes, in order.
   *
   * @throws ProtocolViolation on a length no valid message has.
   */
  push(chunk: Uint8Array): ClientFrame[] {
    this.buffered = this.buffered.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffered, chunk]);
    const frames: ClientFrame[] = [];
    for (;;) {
      const frame = this.started ? this.nextMessage() : this.nextStartupPacket();
      if (frame === undefined) return frames;
      frames.push(frame);
    }
  }

  private take(length: number): Uint8Array {
    const bytes = new Uint8Array(this.buffered.subarray(0, length));
    this.buffered = this.buffered.subarray(length);
    return bytes;
  }

  private nextStartupPacket(): ClientFrame | undefined {
    if (this.buffered.length < 8) return undefined;
    const length = this.buffered.readInt32BE(0);
    if (length < 8 || length > MAX_STARTUP_LENGTH) throw new ProtocolViolation(`start-up packet of ${length} bytes`);
    if (this.buffered.length < length) return undefined;
    const code = this.buffered.readInt32BE(4);
    const bytes = this.take(length);
    if (code === SSL_REQUEST || code === GSSENC_REQUEST) return { kind: 'encryption-request' };
    if (code === CANCEL_REQUEST) return { kind: 'cancel-request' };
    this.started = true;
    return { kind: 'startup', bytes, supported: code === PROTOCOL_3_0 };
  }

  private nextMessage(): ClientFrame | undefined {
    if (this.buffered.length < 5) return undefined;
    const length = 1 + this.buffered.readInt32BE(1);
    if (length < 5) throw new ProtocolViolation(`message length ${length - 1}`);
    if (this.buffered.length < length) return undefined;
    const type = String.fromCharCode(this.buffered[0]!);
    return { kind: 'message', type, bytes: this.take(length) };
  }
}
