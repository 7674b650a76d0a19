/**
 * Streaming and random-access encryption of file contents (format v1, see format.ts), built on
 * whichever AES-256-GCM implementation the platform entry point supplies.
 */
import { ensureBytes, randomBytes } from '../bytes.js';
import { CryptoError, ensure } from '../errors.js';
import { type ChunkCipher, type ChunkCipherFactory, TAG_LENGTH } from './aead.js';
import {
  DEFAULT_CHUNK_SIZE,
  type FileHeader,
  HEADER_LENGTH,
  SALT_LENGTH,
  chunkCiphertextOffset,
  chunkCount,
  chunkNonce,
  chunkPlaintextLength,
  createHeader,
  openHeader,
  parseHeader,
} from './format.js';

export interface EncryptOptions {
  /** The 32-byte content key of this file version (random, from `generateFileKey`). */
  key: Uint8Array;
  /** Exact plaintext length; the stream refuses more or fewer bytes. */
  plaintextLength: number;
  /**
   * Associated data binding the ciphertext to where it belongs (owner, node id, version), so a
   * server cannot present it as another node's content. The same bytes are needed to decrypt.
   */
  context: Uint8Array;
  /** Power of two from 4 KiB to 16 MiB; default 256 KiB. */
  chunkSize?: number;
}

export interface DecryptOptions {
  key: Uint8Array;
  context: Uint8Array;
}

/** The byte ranges needed to decrypt plaintext bytes [start, end). */
export interface RangePlan {
  firstChunk: number;
  lastChunk: number;
  /** Ciphertext byte range to fetch, end exclusive. */
  ciphertextStart: number;
  ciphertextEnd: number;
  /** Offset of `start` inside the first chunk's plaintext. */
  skip: number;
}

/**
 * Maps plaintext bytes [start, end) to the chunks that hold them; needs only the header.
 * @throws CryptoError INVALID_INPUT for a range outside the file or with end < start.
 */
export function planRange(header: Pick<FileHeader, 'chunkSize' | 'plaintextLength'>, start: number, end: number): RangePlan {
  ensure(Number.isSafeInteger(start) && Number.isSafeInteger(end), 'range bounds must be integers');
  ensure(0 <= start && start <= end && end <= header.plaintextLength, `range [${start}, ${end}) outside file of ${header.plaintextLength} bytes`);
  const { chunkSize } = header;
  const firstChunk = Math.floor(start / chunkSize);
  const lastChunk = end === start ? firstChunk : Math.floor((end - 1) / chunkSize);
  const clampedLast = Math.min(lastChunk, chunkCount(header.plaintextLength, chunkSize) - 1);
  return {
    firstChunk,
    lastChunk: clampedLast,
    ciphertextStart: chunkCiphertextOffset(chunkSize, firstChunk),
    ciphertextEnd: chunkCiphertextOffset(chunkSize, clampedLast) + chunkPlaintextLength(header, clampedLast) + TAG_LENGTH,
    skip: start - firstChunk * chunkSize,
  };
}

/** An authenticated file header with its chunk cipher: decrypts any chunk on its own. */
export class FileDecryptor {
  private constructor(
    readonly header: FileHeader,
    private readonly cipher: ChunkCipher,
    private readonly headerHash: Uint8Array,
  ) {}

  /** @internal use `openFile` from the platform entry point. */
  static async open(factory: ChunkCipherFactory, options: DecryptOptions, headerBytes: Uint8Array): Promise<FileDecryptor> {
    const header = parseHeader(headerBytes);
    const keys = openHeader(options.key, header, options.context);
    return new FileDecryptor(header, await factory(keys.payloadKey), keys.headerHash);
  }

  get chunkCount(): number {
    return chunkCount(this.header.plaintextLength, this.header.chunkSize);
  }

  /**
   * Decrypts chunk `index` (its ciphertext including the tag).
   * @throws CryptoError DECRYPT_FAILED if the chunk is not chunk `index` of this file version.
   */
  async decryptChunk(index: number, sealed: Uint8Array): Promise<Uint8Array> {
    const expected = chunkPlaintextLength(this.header, index) + TAG_LENGTH;
    if (sealed.length !== expected) throw new CryptoError('DECRYPT_FAILED', `chunk ${index} has ${sealed.length} bytes, expected ${expected}`);
    try {
      return await this.cipher.open(chunkNonce(index, index === this.chunkCount - 1), this.headerHash, sealed);
    } catch {
      throw new CryptoError('DECRYPT_FAILED', `chunk ${index} failed authentication`);
    }
  }

  /**
   * Decrypts plaintext bytes [start, end) from the ciphertext bytes of `planRange(header, start, end)`.
   * @throws CryptoError DECRYPT_FAILED if any chunk in the range fails authentication.
   */
  async decryptPlannedRange(plan: RangePlan, ciphertext: Uint8Array, length: number): Promise<Uint8Array> {
    ensure(ciphertext.length === plan.ciphertextEnd - plan.ciphertextStart, 'ciphertext does not match the planned range');
    const out = new Uint8Array(length);
    let written = 0;
    for (let index = plan.firstChunk; index <= plan.lastChunk && written < length; index++) {
      const from = chunkCiphertextOffset(this.header.chunkSize, index) - plan.ciphertextStart;
      const size = chunkPlaintextLength(this.header, index) + TAG_LENGTH;
      const plaintext = await this.decryptChunk(index, ciphertext.subarray(from, from + size));
      const piece = index === plan.firstChunk ? plaintext.subarray(plan.skip) : plaintext;
      const take = Math.min(piece.length, length - written);
      out.set(piece.subarray(0, take), written);
      written += take;
    }
    return out;
  }
}

/**
 * Encrypts the chunks of one file version one at a time, in any order: what a resumable upload
 * needs to produce any part of the ciphertext again. Chunk `i` under a given key and salt is
 * always sealed with the same nonce, so the same (key, salt) must only ever encrypt the same
 * plaintext for a chunk: the uploader checks that with part MACs (part-mac.ts) before it
 * re-encrypts anything.
 */
export class FileEncryptor {
  private constructor(
    readonly header: FileHeader,
    private readonly cipher: ChunkCipher,
    private readonly headerHash: Uint8Array,
  ) {}

  /** @internal use `createFileEncryptor` from the platform entry point. */
  static async create(factory: ChunkCipherFactory, options: EncryptOptions & { salt: Uint8Array }): Promise<FileEncryptor> {
    const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    const { header, keys } = createHeader(options.key, options.plaintextLength, chunkSize, options.context, options.salt);
    return new FileEncryptor(header, await factory(keys.payloadKey), keys.headerHash);
  }

  get chunkCount(): number {
    return chunkCount(this.header.plaintextLength, this.header.chunkSize);
  }

  /**
   * Seals chunk `index`: its ciphertext and 16-byte tag, possibly in several consecutive pieces.
   * @throws CryptoError INVALID_INPUT for an index outside the file or a plaintext that is not
   *   exactly chunk `index`'s length.
   */
  async encryptChunk(index: number, plaintext: Uint8Array): Promise<Uint8Array[]> {
    ensureBytes(plaintext, undefined, 'chunk plaintext');
    const expected = chunkPlaintextLength(this.header, index);
    ensure(plaintext.length === expected, `chunk ${index} must have ${expected} bytes, got ${plaintext.length}`);
    return this.cipher.seal(chunkNonce(index, index === this.chunkCount - 1), this.headerHash, plaintext);
  }
}

/**
 * Chunk operations started but not yet emitted, at most {@link IN_FLIGHT_CHUNKS} at a time and
 * always emitted in order. Asynchronous ciphers (WebCrypto runs on worker threads in browsers
 * and on the thread pool in Node) then work on several chunks at once. Every ChunkCipher copies or
 * consumes its input before its call returns, so no input buffer is read after that.
 */
class InFlight {
  private readonly queue: Promise<Uint8Array | Uint8Array[]>[] = [];

  async add(operation: Promise<Uint8Array | Uint8Array[]>, controller: TransformStreamDefaultController<Uint8Array>): Promise<void> {
    operation.catch(() => {}); // a failure is reported, in order, when its turn comes
    this.queue.push(operation);
    while (this.queue.length >= IN_FLIGHT_CHUNKS) await this.emitOldest(controller);
  }

  async drain(controller: TransformStreamDefaultController<Uint8Array>): Promise<void> {
    while (this.queue.length > 0) await this.emitOldest(controller);
  }

  private async emitOldest(controller: TransformStreamDefaultController<Uint8Array>): Promise<void> {
    const result = await this.queue.shift()!;
    for (const part of Array.isArray(result) ? result : [result]) controller.enqueue(part);
  }
}

/** How many chunks may be encrypted or decrypted concurrently in one stream. */
export const IN_FLIGHT_CHUNKS = 4;

/** Collects stream input into fixed-size pieces, copying only when a piece straddles inputs. */
class Accumulator {
  private buffer: Uint8Array;
  private filled = 0;
  constructor(capacity: number) {
    this.buffer = new Uint8Array(capacity);
  }
  get length(): number {
    return this.filled;
  }
  /** Copies as much of `input` as fits under `target` bytes; returns how many were taken. */
  fill(input: Uint8Array, target: number): number {
    const take = Math.min(input.length, target - this.filled);
    this.buffer.set(input.subarray(0, take), this.filled);
    this.filled += take;
    return take;
  }
  /** Hands out the filled bytes and starts a fresh buffer (the old one now belongs to the caller). */
  take(): Uint8Array {
    const out = this.buffer.subarray(0, this.filled);
    this.buffer = new Uint8Array(this.buffer.length);
    this.filled = 0;
    return out;
  }
}

/** Builds the file API over one chunk cipher implementation. */
export function createFileCrypto(factory: ChunkCipherFactory) {
  /**
   * A TransformStream from plaintext to the v1 ciphertext (header first). Memory is bounded by
   * one chunk whatever the file size.
   * @throws CryptoError INVALID_INPUT (at construction) for bad options; the stream errors with
   *   INVALID_INPUT if it receives more or fewer bytes than `plaintextLength`.
   */
  function encryptStream(options: EncryptOptions): TransformStream<Uint8Array, Uint8Array> {
    return encryptStreamWithSalt(options, randomBytes(SALT_LENGTH));
  }

  /** @internal Deterministic encryption for test vectors only: a salt must never be reused. */
  function encryptStreamWithSalt(options: EncryptOptions, salt: Uint8Array): TransformStream<Uint8Array, Uint8Array> {
    const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    const { header, keys } = createHeader(options.key, options.plaintextLength, chunkSize, options.context, salt);
    const count = chunkCount(options.plaintextLength, chunkSize);
    const pending = new Accumulator(chunkSize);
    const inFlight = new InFlight();
    let cipher: ChunkCipher;
    let index = 0;
    let received = 0;

    const sealNext = (controller: TransformStreamDefaultController<Uint8Array>, plaintext: Uint8Array) => {
      const sealed = cipher.seal(chunkNonce(index, index === count - 1), keys.headerHash, plaintext);
      index++;
      return inFlight.add(sealed, controller);
    };

    return new TransformStream<Uint8Array, Uint8Array>({
      async start(controller) {
        cipher = await factory(keys.payloadKey);
        controller.enqueue(header.bytes.slice());
      },
      async transform(input, controller) {
        ensureBytes(input, undefined, 'stream chunk');
        received += input.length;
        if (received > options.plaintextLength) {
          throw new CryptoError('INVALID_INPUT', `stream longer than the declared ${options.plaintextLength} bytes`);
        }
        let rest = input;
        while (rest.length > 0) {
          // A full chunk that is not straddling inputs is sealed in place, without a copy.
          if (pending.length === 0 && rest.length >= chunkSize) {
            await sealNext(controller, rest.subarray(0, chunkSize));
            rest = rest.subarray(chunkSize);
            continue;
          }
          rest = rest.subarray(pending.fill(rest, chunkSize));
          if (pending.length === chunkSize) await sealNext(controller, pending.take());
        }
      },
      async flush(controller) {
        if (received !== options.plaintextLength) {
          throw new CryptoError('INVALID_INPUT', `stream ended after ${received} of ${options.plaintextLength} declared bytes`);
        }
        if (index < count) await sealNext(controller, pending.take());
        await inFlight.drain(controller);
      },
    });
  }

  /**
   * A TransformStream from v1 ciphertext to plaintext. Each chunk is authenticated before its
   * plaintext is released; the stream errors with DECRYPT_FAILED on any tampering, reordering,
   * truncation or extension, so a consumer must treat the output as final only when the stream
   * closes without error.
   */
  function decryptStream(options: DecryptOptions): TransformStream<Uint8Array, Uint8Array> {
    ensureBytes(options.key, 32, 'file key');
    ensureBytes(options.context, undefined, 'context');
    const headerBuffer = new Accumulator(HEADER_LENGTH);
    let decryptor: FileDecryptor | undefined;
    let pending: Accumulator | undefined;
    const inFlight = new InFlight();
    let index = 0;

    const expectedSealed = (file: FileDecryptor) => chunkPlaintextLength(file.header, index) + TAG_LENGTH;

    return new TransformStream<Uint8Array, Uint8Array>({
      async transform(input, controller) {
        ensureBytes(input, undefined, 'stream chunk');
        let rest = input;
        if (decryptor === undefined) {
          rest = rest.subarray(headerBuffer.fill(rest, HEADER_LENGTH));
          if (headerBuffer.length < HEADER_LENGTH) return;
          decryptor = await FileDecryptor.open(factory, options, headerBuffer.take());
          pending = new Accumulator(decryptor.header.chunkSize + TAG_LENGTH);
        }
        const file = decryptor;
        while (rest.length > 0) {
          if (index >= file.chunkCount) throw new CryptoError('DECRYPT_FAILED', 'data after the last chunk');
          const size = expectedSealed(file);
          if (pending!.length === 0 && rest.length >= size) {
            await inFlight.add(file.decryptChunk(index++, rest.subarray(0, size)), controller);
            rest = rest.subarray(size);
            continue;
          }
          rest = rest.subarray(pending!.fill(rest, size));
          if (pending!.length === size) await inFlight.add(file.decryptChunk(index++, pending!.take()), controller);
        }
      },
      async flush(controller) {
        await inFlight.drain(controller);
        if (decryptor === undefined || index < decryptor.chunkCount) {
          throw new CryptoError('DECRYPT_FAILED', 'ciphertext truncated');
        }
      },
    });
  }

  /** Encrypts a whole in-memory plaintext (small files; use `encryptStream` for large ones). */
  async function encrypt(plaintext: Uint8Array, options: Omit<EncryptOptions, 'plaintextLength'>): Promise<Uint8Array> {
    ensureBytes(plaintext, undefined, 'plaintext');
    return collect(singleChunkStream(plaintext).pipeThrough(encryptStream({ ...options, plaintextLength: plaintext.length })));
  }

  /** Decrypts a whole in-memory ciphertext. @throws CryptoError DECRYPT_FAILED on any tampering. */
  async function decrypt(ciphertext: Uint8Array, options: DecryptOptions): Promise<Uint8Array> {
    ensureBytes(ciphertext, undefined, 'ciphertext');
    return collect(singleChunkStream(ciphertext).pipeThrough(decryptStream(options)));
  }

  /**
   * Authenticates a file header (the first 80 bytes of the ciphertext) and returns a decryptor
   * for any of its chunks: the basis of seeking and HTTP Range.
   * @throws CryptoError DECRYPT_FAILED for a wrong key or context or a modified header.
   */
  function openFile(headerBytes: Uint8Array, options: DecryptOptions): Promise<FileDecryptor> {
    return FileDecryptor.open(factory, options, headerBytes);
  }

  /**
   * Decrypts plaintext bytes [start, end) fetching only the chunks that hold them. `fetchRange`
   * returns ciphertext bytes [from, to) (end exclusive), e.g. through an HTTP Range request.
   */
  async function decryptRange(
    options: DecryptOptions & { start: number; end: number; fetchRange: (from: number, to: number) => Promise<Uint8Array> },
  ): Promise<Uint8Array> {
    const file = await openFile(await options.fetchRange(0, HEADER_LENGTH), options);
    const plan = planRange(file.header, options.start, options.end);
    const ciphertext = await options.fetchRange(plan.ciphertextStart, plan.ciphertextEnd);
    return file.decryptPlannedRange(plan, ciphertext, options.end - options.start);
  }

  /**
   * A random-access encryptor of one file version (resumable uploads). Without `salt`, a fresh
   * one is drawn; pass the salt of an earlier encryptor only to produce the same ciphertext again
   * from the same plaintext (checked with part MACs), never for other data.
   * @throws CryptoError INVALID_INPUT for bad options.
   */
  function createFileEncryptor(options: EncryptOptions & { salt?: Uint8Array }): Promise<FileEncryptor> {
    return FileEncryptor.create(factory, { ...options, salt: options.salt ?? randomBytes(SALT_LENGTH) });
  }

  return { encryptStream, decryptStream, encrypt, decrypt, openFile, decryptRange, createFileEncryptor, encryptStreamWithSalt };
}

/** @internal */
export function singleChunkStream(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      if (bytes.length > 0) controller.enqueue(bytes);
      controller.close();
    },
  });
}

/** @internal */
export async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    length += value.length;
  }
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
