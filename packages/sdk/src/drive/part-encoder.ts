// Cuts a file version's ciphertext into upload parts, encrypting only the chunks each part needs.
// Parts do not line up with chunks (the header is 80 bytes and a sealed chunk is S + 16), so a
// chunk can straddle two parts; when parts are produced in order, the straddling chunk is sealed
// once and carried over. Memory: one part's plaintext and ciphertext, whatever the file size; the
// plaintext buffer is reused from part to part when the source can read into it.
import { type FileEncryptor, type PartPlan, HEADER_LENGTH, planPart } from '@coffre/crypto/file';
import { type ByteSource } from './byte-source.js';

/** One encoded part. */
export interface EncodedPart {
  plan: PartPlan;
  /** The part's ciphertext bytes. */
  bytes: Uint8Array;
  /**
   * The same bytes as the header and sealed chunks left them, in consecutive pieces (not views of
   * `bytes`): a Blob made of them needs no part-sized buffer of its own.
   */
  pieces: Uint8Array[];
  /**
   * The plaintext of the chunks it overlaps, [plan.start, plan.end), in pieces: what its MAC
   * covers. Valid until the next `encode` call (the buffer is reused).
   */
  plaintext: Uint8Array[];
}

interface SealedChunk {
  index: number;
  plaintext: Uint8Array;
  sealed: Uint8Array[];
}

export class PartEncoder {
  private carry: SealedChunk | undefined;
  private readBuffer: Uint8Array | undefined;

  constructor(
    private readonly encryptor: FileEncryptor,
    private readonly source: ByteSource,
    private readonly partSize: number,
  ) {}

  /**
   * Encodes part `n`: in order from a stream source, in any order from a random-access one. The
   * ciphertext is written into `into` when given (at least the part's size; a pooled buffer).
   */
  async encode(n: number, into?: Uint8Array): Promise<EncodedPart> {
    const { chunkSize, plaintextLength } = this.encryptor.header;
    const plan = planPart(this.encryptor.header, this.partSize, n);
    const size = plan.ciphertextEnd - plan.ciphertextStart;
    const out = into === undefined ? new Uint8Array(size) : into.subarray(0, size);
    const pieces: Uint8Array[] = [];
    if (plan.ciphertextStart < HEADER_LENGTH) {
      pieces.push(this.encryptor.header.bytes.subarray(plan.ciphertextStart, Math.min(HEADER_LENGTH, plan.ciphertextEnd)));
      out.set(pieces[0]!);
    }
    const carried = this.carry?.index === plan.firstChunk ? this.carry : undefined;
    const readFrom = carried === undefined ? plan.start : Math.min((plan.firstChunk + 1) * chunkSize, plaintextLength);
    const fresh = readFrom < plan.end ? await this.read(readFrom, plan.end) : new Uint8Array(0);

    const chunks: Promise<SealedChunk>[] = [];
    for (let index = plan.firstChunk; index <= plan.lastChunk; index++) {
      if (index === carried?.index) {
        chunks.push(Promise.resolve(carried));
        continue;
      }
      const from = index * chunkSize - readFrom;
      const plaintext = fresh.subarray(from, Math.min(from + chunkSize, plaintextLength - readFrom));
      chunks.push(this.encryptor.encryptChunk(index, plaintext).then((sealed) => ({ index, plaintext, sealed })));
    }
    const sealedChunks = await Promise.all(chunks);

    for (const chunk of sealedChunks) {
      let offset = HEADER_LENGTH + chunk.index * (chunkSize + 16) - plan.ciphertextStart;
      for (const piece of chunk.sealed) {
        // Copy the piece's bytes that fall inside this part.
        const from = Math.max(0, -offset);
        const to = Math.min(piece.length, out.length - offset);
        if (from < to) {
          pieces.push(piece.subarray(from, to));
          out.set(pieces[pieces.length - 1]!, offset + from);
        }
        offset += piece.length;
      }
    }
    const last = sealedChunks[sealedChunks.length - 1]!;
    const lastEnd = HEADER_LENGTH + last.index * (chunkSize + 16) + last.plaintext.length + 16;
    // The last chunk continues in the next part: keep it (copied off the part's buffer) for then.
    this.carry = lastEnd > plan.ciphertextEnd ? { index: last.index, plaintext: last.plaintext.slice(), sealed: last.sealed } : undefined;
    return { plan, bytes: out, pieces, plaintext: sealedChunks.map((chunk) => chunk.plaintext) };
  }

  private async read(start: number, end: number): Promise<Uint8Array> {
    if (this.source.readInto === undefined) return this.source.read(start, end);
    // At most a part's plaintext plus the chunk straddling its end.
    const capacity = this.partSize + this.encryptor.header.chunkSize;
    const bytes = await this.source.readInto((this.readBuffer ?? new Uint8Array(capacity)).subarray(0, end - start), start);
    // The same memory, possibly through a new ArrayBuffer (a byte stream transfers the one it fills).
    this.readBuffer = new Uint8Array(bytes.buffer, bytes.byteOffset, capacity);
    return bytes;
  }
}
