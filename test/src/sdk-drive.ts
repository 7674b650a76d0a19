// An account made through the SDK, as the CLI or another app would: for browser tests that need
// files and links to exist before the page opens (the drive's own screens are tested elsewhere).
import { createClient } from '@coffre/sdk/client';
import { type Drive, type DriveNode, bytesSource, createDrive, createDriveHttpApi } from '@coffre/sdk/drive';
import { strongPassword, uniqueEmail } from './drive-pages.ts';

/** Argon2id at the lowest cost the format accepts: link passwords in tests open in well under a second. */
export const TEST_LINK_PASSWORD_COST = Object.freeze({ memoryKiB: 19 * 1024, iterations: 2, parallelism: 1 });

/** A signed-up account's drive. */
export interface SdkDrive {
  email: string;
  password: string;
  drive: Drive;
  /** The session's bearer token. */
  token: () => string | undefined;
}

/** Signs up a fresh account against the API at `apiUrl` and binds its drive. */
export async function signUpThroughSdk(apiUrl: string, label: string): Promise<SdkDrive> {
  const email = uniqueEmail(label);
  const password = strongPassword();
  const client = createClient({ baseUrl: apiUrl });
  const session = await client.signup(email, password);
  const drive = createDrive({
    api: createDriveHttpApi({ baseUrl: apiUrl, token: () => client.token }),
    session,
    lookupPublicKeys: (address) => client.lookupPublicKeys(address),
  });
  return { email, password, drive, token: () => client.token };
}

/** Uploads `bytes` as `name` into `parent` (the root by default). */
export async function uploadBytes(account: SdkDrive, name: string, bytes: Uint8Array, options: { parent?: DriveNode; mediaType?: string } = {}): Promise<DriveNode> {
  const parent = options.parent ?? (await account.drive.root());
  const result = await account.drive.upload(bytesSource(bytes, { mediaType: options.mediaType ?? null, mtime: Date.now() }), { parent, name });
  return result.node;
}
