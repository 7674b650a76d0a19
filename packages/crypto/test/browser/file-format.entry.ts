// Bundled by esbuild into the page of file-format.browser.spec.ts: the browser entry point of
// @coffre/crypto/file (WebCrypto) plus the vector checks, exposed on window for the test.
import { hexToBytes } from '../../src/bytes.js';
import { webCryptoChunkCipher } from '../../src/file/aead-webcrypto.js';
import { collect, createFileCrypto, singleChunkStream } from '../../src/file/file-crypto.js';
import * as file from '../../src/file/index.js';
import vectors from '../vectors/file-v1.json' with { type: 'json' };

const internal = createFileCrypto(webCryptoChunkCipher);
const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const sha256 = async (bytes: Uint8Array) => toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource)));
const errorCode = (error: unknown) => (error as { code?: string }).code ?? String(error);

async function fetchBytes(url: string, from?: number, to?: number): Promise<Uint8Array> {
  const headers: HeadersInit = from === undefined ? {} : { range: `bytes=${from}-${to! - 1}` };
  const response = await fetch(url, { headers });
  return new Uint8Array(await response.arrayBuffer());
}

const api = {
  /** Every positive vector encrypts to the committed ciphertext; every negative one is refused. */
  async checkVectors(): Promise<string[]> {
    const failures: string[] = [];
    for (const v of vectors.vectors) {
      const key = hexToBytes(v.key);
      const context = hexToBytes(v.context);
      const plaintext = hexToBytes(v.plaintext);
      const stream = internal.encryptStreamWithSalt({ key, context, chunkSize: v.chunkSize, plaintextLength: plaintext.length }, hexToBytes(v.salt));
      const ciphertext = await collect(singleChunkStream(plaintext).pipeThrough(stream));
      if (toHex(ciphertext) !== v.ciphertext) failures.push(`encrypt ${v.name}`);
      const back = await file.decrypt(hexToBytes(v.ciphertext), { key, context });
      if (toHex(back) !== v.plaintext) failures.push(`decrypt ${v.name}`);
    }
    for (const v of vectors.negative) {
      const code = await file.decrypt(hexToBytes(v.ciphertext), { key: hexToBytes(v.key), context: hexToBytes(v.context) }).then(
        () => 'accepted',
        errorCode,
      );
      if (code !== v.error) failures.push(`negative ${v.name}: ${code}`);
    }
    return failures;
  },
  /** Streams the ciphertext at `url` through decryptStream; returns the plaintext's SHA-256. */
  async decryptUrl(url: string, keyHex: string, context: string): Promise<string> {
    const response = await fetch(url);
    const plaintext = await collect(
      response.body!.pipeThrough(file.decryptStream({ key: hexToBytes(keyHex), context: new TextEncoder().encode(context) })),
    );
    return sha256(plaintext);
  },
  /** Decrypts a tampered ciphertext and reports the error code. */
  async decryptUrlError(url: string, keyHex: string, context: string): Promise<string> {
    return api.decryptUrl(url, keyHex, context).then(() => 'accepted', errorCode);
  },
  /** Encrypts `length` pattern bytes in the browser and uploads the ciphertext with PUT. */
  async encryptAndUpload(url: string, keyHex: string, context: string, length: number): Promise<string> {
    const plaintext = Uint8Array.from({ length }, (_, i) => (i * 13 + 5) & 0xff);
    const ciphertext = await collect(
      singleChunkStream(plaintext).pipeThrough(
        file.encryptStream({ key: hexToBytes(keyHex), context: new TextEncoder().encode(context), plaintextLength: length, chunkSize: 65536 }),
      ),
    );
    await fetch(url, { method: 'PUT', body: ciphertext as BufferSource });
    return sha256(plaintext);
  },
  /** Decrypts plaintext [start, end) with HTTP Range requests; returns its SHA-256 and bytes fetched. */
  async decryptRange(url: string, keyHex: string, context: string, start: number, end: number) {
    let fetched = 0;
    const bytes = await file.decryptRange({
      key: hexToBytes(keyHex),
      context: new TextEncoder().encode(context),
      start,
      end,
      fetchRange: async (from, to) => {
        const part = await fetchBytes(url, from, to);
        fetched += part.length;
        return part;
      },
    });
    return { sha256: await sha256(bytes), fetched };
  },
};

export type CoffreFileApi = typeof api;
(globalThis as unknown as { coffreFile: CoffreFileApi }).coffreFile = api;
