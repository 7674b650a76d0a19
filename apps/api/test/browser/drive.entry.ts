// Bundled by esbuild into the page of drive-browser.e2e.spec.ts: the drive as the web drive runs
// it, with WebCrypto for the file format and a Blob as the upload source.
import { createClient } from '@coffre/sdk/client';
import { blobSource, createDrive, createDriveHttpApi, createPublicLinkHttpApi, openLink } from '@coffre/sdk/drive';

const hex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
const sha256 = async (bytes: Uint8Array) => hex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource)));

/** The bytes the Node side makes too (support/drive-session.ts, patternBytes). */
function patternBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const api = {
  /** Signs up, uploads a Blob, downloads it whole, as a range and through a link; reports hashes. */
  async roundTrip(baseUrl: string, email: string, password: string, size: number, seed: number) {
    const client = createClient({ baseUrl });
    const session = await client.signup(email, password);
    const drive = createDrive({ api: createDriveHttpApi({ baseUrl, token: () => client.token }), session, lookupPublicKeys: (address) => client.lookupPublicKeys(address) });
    const root = await drive.root();
    const bytes = patternBytes(size, seed);
    const progress: number[] = [];
    const { node } = await drive.upload(blobSource(new Blob([bytes as BlobPart], { type: 'application/pdf' })), {
      parent: await drive.mkdir(root, 'from-the-browser'),
      name: 'page.pdf',
      partSize: 1024 * 1024,
      onProgress: ({ done }) => progress.push(done),
    });
    const whole = new Uint8Array(await new Response((await drive.download(node)).stream).arrayBuffer());
    const range = new Uint8Array(await new Response((await drive.download(node, { start: 1000, end: 300_000 })).stream).arrayBuffer());
    const { url } = await drive.createLink(node, { base: location.origin });
    const link = await openLink(createPublicLinkHttpApi({ baseUrl }), url);
    const viaLink = new Uint8Array(await new Response((await link.download(link.node)).stream).arrayBuffer());
    return {
      uploaded: await sha256(bytes),
      downloaded: await sha256(whole),
      range: (await sha256(range)) === (await sha256(bytes.subarray(1000, 300_000))),
      viaLink: await sha256(viaLink),
      mediaType: node.mediaType,
      lastProgress: progress.at(-1),
    };
  },

  /** Logs in and downloads the file the Node side uploaded: Node encrypted, the browser decrypts. */
  async downloadFromNode(baseUrl: string, email: string, password: string) {
    const client = createClient({ baseUrl });
    const session = await client.login(email, password);
    const drive = createDrive({ api: createDriveHttpApi({ baseUrl, token: () => client.token }), session, lookupPublicKeys: (address) => client.lookupPublicKeys(address) });
    const file = await drive.resolve('/from-node/data.bin');
    return sha256(new Uint8Array(await new Response((await drive.download(file)).stream).arrayBuffer()));
  },
};

export type CoffreDrivePage = typeof api;
(globalThis as unknown as { coffreDrive: CoffreDrivePage }).coffreDrive = api;
