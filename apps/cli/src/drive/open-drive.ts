// The signed-in account's drive, as every drive command gets it.
import { type Drive, createDrive, createDriveHttpApi } from '@coffre/sdk/drive';
import { type CommandContext, type SignedInContext } from '../context.js';

/** A signed-in session and its drive. */
export interface DriveSession extends SignedInContext {
  drive: Drive;
}

/**
 * Opens the drive of the stored session.
 * @throws CliError NOT_SIGNED_IN as {@link CommandContext.signedIn}.
 */
export async function openDrive(context: CommandContext): Promise<DriveSession> {
  const session = await context.signedIn();
  const api = createDriveHttpApi({ baseUrl: session.server, token: () => session.token, fetch: context.fetch });
  const drive = createDrive({
    api,
    session: { accountId: session.accountId, keys: session.keys },
    lookupPublicKeys: (email) => session.client.lookupPublicKeys(email),
  });
  return { ...session, drive };
}
