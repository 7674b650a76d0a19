// Sharing, as the worker does it for the pages: links (the key goes into the URL fragment here and
// nowhere else), folders shared with other accounts (the folder key sealed to their key), and the
// contacts' keys this browser pinned. Nodes arrive by id and are looked up again through the
// drive, so their keys never cross to the page.
import { type Drive, type DriveNode, createDrive, createDriveHttpApi } from '@coffre/sdk/drive';
import { type LinkView, type ShareView } from '@coffre/sdk/drive-types';
import { KeyChangedError } from '@coffre/sdk/errors';
import { CryptoError } from '@coffre/crypto/errors';
import { type ActiveSession } from './account-service.ts';
import { type ContactCheck, type LinkSummary, type NodeSummary, type ShareSummary, type SharingMethods } from './protocol.ts';
import { type Handlers } from './rpc.ts';

/** What the sharing service needs from the worker it runs in. */
export interface SharingServiceContext {
  /** The account service's `withSession`: the signed-in client and keys. */
  withSession<T>(run: (session: ActiveSession) => Promise<T>): Promise<T>;
  /** The web origin links open on (the worker's own origin): `<base>/s/<id>#<key>`. */
  readonly linkBase: string;
  /** The drive of a session; by default one per signed-in client, made on first use. */
  driveFor?(session: ActiveSession): Drive;
}

export interface SharingService {
  readonly handlers: { [M in keyof SharingMethods]: Handlers[M] };
}

const MAX_DOWNLOADS = 1_000_000;

/** One drive per signed-in client: a new sign-in brings a new client, and so a new drive. */
export function createSessionDrives(): (session: ActiveSession) => Drive {
  const drives = new WeakMap<ActiveSession['client'], Drive>();
  return (session) => {
    let drive = drives.get(session.client);
    if (drive === undefined) {
      drive = createDrive({
        api: createDriveHttpApi({ baseUrl: session.apiUrl, token: () => session.client.token }),
        session: { accountId: session.accountId, keys: session.keys },
        lookupPublicKeys: (email) => session.client.lookupPublicKeys(email),
      });
      drives.set(session.client, drive);
    }
    return drive;
  };
}

function nodeSummary(node: DriveNode): NodeSummary {
  return { id: node.id, name: node.name, kind: node.kind };
}

function shareSummary(share: ShareView, folderName: string | null): ShareSummary {
  return {
    shareId: share.id,
    nodeId: share.nodeId,
    role: share.role,
    ownerEmail: share.ownerEmail,
    recipientEmail: share.recipientEmail,
    createdAt: share.createdAt,
    acceptedAt: share.acceptedAt,
    folderName,
  };
}

/** The name of a node, or null when it cannot be read any more (deleted, refused by verification). */
async function nameOf(drive: Drive, nodeId: string): Promise<string | null> {
  try {
    return (await drive.get(nodeId)).name;
  } catch {
    return null;
  }
}

function ensureText(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new CryptoError('INVALID_INPUT', `${what} is missing`);
  return value;
}

/** Link options as the page sends them, checked before anything is derived or sent. */
function linkOptions(params: SharingMethods['createLink']['params']) {
  const { password, expiresAt, maxDownloads } = params;
  if (password !== undefined && (typeof password !== 'string' || password === '')) throw new CryptoError('INVALID_INPUT', 'link password is empty');
  let expiry: Date | undefined;
  if (expiresAt !== undefined) {
    expiry = new Date(expiresAt);
    if (Number.isNaN(expiry.getTime()) || expiry.getTime() <= Date.now()) throw new CryptoError('INVALID_INPUT', 'link expiry must be a date in the future');
  }
  if (maxDownloads !== undefined && (!Number.isSafeInteger(maxDownloads) || maxDownloads < 1 || maxDownloads > MAX_DOWNLOADS)) {
    throw new CryptoError('INVALID_INPUT', `download limit must be a whole number from 1 to ${MAX_DOWNLOADS}`);
  }
  return { ...(password !== undefined && { password }), ...(expiry !== undefined && { expiresAt: expiry }), ...(maxDownloads !== undefined && { maxDownloads }) };
}

/** Creates the sharing service of one worker. */
export function createSharingService(context: SharingServiceContext): SharingService {
  const driveFor = context.driveFor ?? createSessionDrives();
  const withDrive = <T>(run: (drive: Drive, session: ActiveSession) => Promise<T>): Promise<T> =>
    context.withSession((session) => run(driveFor(session), session));

  const linkSummary = (link: LinkView, nodeName: string | null): LinkSummary => ({ ...link, nodeName });

  /** Checks a contact's keys; a change is reported as a status, not thrown, so the page can warn. */
  const checkContact = async (session: ActiveSession, email: string): Promise<ContactCheck> => {
    try {
      const contact = await session.client.lookupPublicKeys(email);
      return { email: contact.email, fingerprint: contact.fingerprint, status: contact.firstSeen ? 'new' : 'pinned' };
    } catch (error) {
      if (!(error instanceof KeyChangedError)) throw error;
      // Keys that are not even valid public keys cannot be verified by anyone: refuse outright.
      if (error.current === undefined) throw error;
      return { email: error.email, fingerprint: error.current.fingerprint, status: 'changed' };
    }
  };

  const handlers: SharingService['handlers'] = {
    describeNode: ({ nodeId }) => withDrive(async (drive) => nodeSummary(await drive.get(ensureText(nodeId, 'node id')))),

    createLink: (params) =>
      withDrive(async (drive) => {
        const options = linkOptions(params);
        const node = await drive.get(ensureText(params.nodeId, 'node id'));
        const created = await drive.createLink(node, { base: context.linkBase, ...options });
        return { url: created.url, link: linkSummary(created.link, node.name) };
      }),

    listLinks: () =>
      withDrive(async (drive) => {
        const links = await drive.listLinks();
        const names = new Map<string, string | null>();
        for (const nodeId of new Set(links.map((link) => link.nodeId))) names.set(nodeId, await nameOf(drive, nodeId));
        return links.map((link) => linkSummary(link, names.get(link.nodeId) ?? null));
      }),

    revokeLink: ({ linkId }) =>
      withDrive(async (drive) => {
        await drive.revokeLink(ensureText(linkId, 'link id'));
        return null;
      }),

    checkContact: ({ email }) => context.withSession((session) => checkContact(session, ensureText(email, 'email'))),

    trustContact: ({ email, fingerprint }) =>
      context.withSession(async (session) => {
        const address = ensureText(email, 'email');
        try {
          const contact = await session.client.lookupPublicKeys(address);
          // Already pinned (or first seen): there is nothing to re-verify, but the digits must still match.
          if (contact.fingerprint !== fingerprint) throw new KeyChangedError(contact.email, contact);
          return { email: contact.email, fingerprint: contact.fingerprint, status: 'pinned' };
        } catch (error) {
          if (!(error instanceof KeyChangedError) || error.current === undefined) throw error;
          // Pin only the keys whose digits the person compared: keys that changed again since
          // the warning was shown are not the ones they verified.
          if (error.current.fingerprint !== fingerprint) throw error;
          await session.client.confirmPublicKeys(error.current);
          return { email: error.current.email, fingerprint: error.current.fingerprint, status: 'pinned' };
        }
      }),

    shareFolder: ({ nodeId, email, role }) =>
      withDrive(async (drive) => {
        if (role !== 'read' && role !== 'write') throw new CryptoError('INVALID_INPUT', 'role must be read or write');
        const folder = await drive.get(ensureText(nodeId, 'node id'));
        const { share } = await drive.share(folder, ensureText(email, 'email'), role);
        return shareSummary(share, folder.name);
      }),

    listShares: () =>
      withDrive(async (drive) => {
        const { incoming, outgoing } = await drive.listShares();
        const roots = incoming.some((share) => share.acceptedAt !== null) ? await drive.listShared() : [];
        const rootNames = new Map(roots.map((root) => [root.shared?.shareId, root.name]));
        const outgoingNames = new Map<string, string | null>();
        for (const nodeId of new Set(outgoing.map((share) => share.nodeId))) outgoingNames.set(nodeId, await nameOf(drive, nodeId));
        return {
          incoming: incoming.map((share) => shareSummary(share, rootNames.get(share.id) ?? null)),
          outgoing: outgoing.map((share) => shareSummary(share, outgoingNames.get(share.nodeId) ?? null)),
        };
      }),

    acceptShare: ({ shareId }) => withDrive(async (drive) => nodeSummary(await drive.acceptShare(ensureText(shareId, 'share id')))),

    endShare: ({ shareId }) =>
      withDrive(async (drive) => {
        await drive.deleteShare(ensureText(shareId, 'share id'));
        return null;
      }),
  };

  return { handlers };
}
