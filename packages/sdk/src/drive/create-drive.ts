// The Drive: one object per signed-in session, with a method per operation. Each method is one
// function of this folder; this file only binds them to the session.
import { type ShareView, type LinkView, type FileVersionView } from '../drive-types.js';
import { type ContactKeys } from '../flows/lookup-public-keys.js';
import { type SignedIn } from '../session.js';
import { type ByteSource } from './byte-source.js';
import { type ContentAccess, driveContentAccess } from './content-access.js';
import { type CreateLinkOptions, type CreatedLink, createLink, listLinks, revokeLink } from './create-link.js';
import { type DriveApi } from './drive-api.js';
import { type DriveContext } from './drive-context.js';
import { DriveError } from './drive-error.js';
import { type DriveNode } from './drive-node.js';
import { type Download, type DownloadOptions, downloadFile } from './download-file.js';
import { ensureRoot } from './ensure-root.js';
import { listFolder } from './list-folder.js';
import { listShared } from './list-shared.js';
import { makeFolder, makeFolders } from './make-folder.js';
import { moveNode, renameNode } from './move-node.js';
import { nodeById } from './node-by-id.js';
import { splitPath } from './node-name.js';
import { RecordGuard } from './record-guard.js';
import { resolvePath } from './resolve-path.js';
import { type SharedFolder, acceptShare, deleteShare, listShares, shareFolder } from './share-folder.js';
import { deleteNode, restoreNode, trashNode } from './trash-node.js';
import { listTrash } from './list-trash.js';
import { type UploadOptions, type UploadResult, uploadFile } from './upload-file.js';
import { type FileVersion, deleteVersion, listVersions, restoreVersion } from './versions.js';
import { WriterKeys } from './writer-keys.js';

export interface DriveOptions {
  /** The drive routes (e.g. `createDriveHttpApi({ baseUrl, token })`). */
  api: DriveApi;
  /** The signed-in session (from `client.login` or `client.signup`). */
  session: Pick<SignedIn, 'accountId' | 'keys'>;
  /** A contact's keys from the directory, checked against the pins (`client.lookupPublicKeys`). */
  lookupPublicKeys(email: string): Promise<ContactKeys>;
  /** Emails of further accounts whose writes to shared folders this drive should verify and accept. */
  contacts?: string[];
}

/** A signed-in account's encrypted drive. Every method throws ApiError, DriveError or KeyChangedError. */
export interface Drive {
  readonly accountId: string;
  /** The root folder (created on first use). */
  root(): Promise<DriveNode>;
  /** The node at a path ("/a/b"), from the root or from `base` (e.g. a shared folder). */
  resolve(path: string, base?: DriveNode): Promise<DriveNode>;
  /** A node by id, wherever it is (trash included). */
  get(nodeId: string): Promise<DriveNode>;
  /** A folder's children, verified and decrypted. */
  list(folder: DriveNode): Promise<DriveNode[]>;
  /** A new folder in `parent`. */
  mkdir(parent: DriveNode, name: string): Promise<DriveNode>;
  /** Every missing folder of a path below `base` (the root by default), like `mkdir -p`. */
  mkdirs(path: string, base?: DriveNode): Promise<DriveNode>;
  rename(node: DriveNode, name: string): Promise<DriveNode>;
  /** Moves `node` into `target`, optionally under a new name. */
  move(node: DriveNode, target: DriveNode, name?: string): Promise<DriveNode>;
  trash(node: DriveNode): Promise<DriveNode>;
  restore(node: DriveNode): Promise<DriveNode>;
  /** Deletes for good. */
  delete(node: DriveNode): Promise<void>;
  /** The nodes this account trashed. */
  listTrash(): Promise<DriveNode[]>;
  versions(file: DriveNode): Promise<FileVersion[]>;
  restoreVersion(file: DriveNode, number: number): Promise<{ node: DriveNode; version: FileVersionView }>;
  deleteVersion(file: DriveNode, number: number): Promise<void>;
  upload(source: ByteSource, options: UploadOptions): Promise<UploadResult>;
  download(file: DriveNode, options?: DownloadOptions): Promise<Download>;
  /** What streaming a file's content elsewhere takes (a browser's Service Worker): see content-access.ts. */
  contentAccess(file: DriveNode, version?: number): Promise<ContentAccess>;
  createLink(node: DriveNode, options: CreateLinkOptions): Promise<CreatedLink>;
  listLinks(): Promise<LinkView[]>;
  revokeLink(linkId: string): Promise<void>;
  share(folder: DriveNode, email: string, role: 'read' | 'write'): Promise<SharedFolder>;
  listShares(): Promise<{ incoming: ShareView[]; outgoing: ShareView[] }>;
  acceptShare(shareId: string): Promise<DriveNode>;
  /** Leaves a share (recipient) or revokes it (owner). */
  deleteShare(shareId: string): Promise<void>;
  /** The roots of the folders shared with this account and accepted. */
  listShared(): Promise<DriveNode[]>;
}

/** Binds the drive to a signed-in session. Nothing is fetched until a method is called. */
export function createDrive(options: DriveOptions): Drive {
  const { accountId, keys } = options.session;
  const context: DriveContext = {
    api: options.api,
    accountId,
    keys,
    guard: new RecordGuard(),
    lookupPublicKeys: options.lookupPublicKeys,
    root: undefined,
    sharedRoots: undefined,
    writers: new WriterKeys(accountId, keys.signing.publicKey, options.lookupPublicKeys, async () => {
      const { incoming, outgoing } = await listShares(context);
      return [...incoming.map((share) => share.ownerEmail), ...outgoing.map((share) => share.recipientEmail)].filter((email): email is string => email !== null);
    }),
  };
  context.writers.addContacts(options.contacts ?? []);
  const rename = async (node: DriveNode, name: string) => {
    if (node.parentId === null || node.shared !== null) throw new DriveError('NOT_ALLOWED', 'The root of a drive or of a shared folder cannot be renamed.');
    return renameNode(context, node, await nodeById(context, node.parentId), name);
  };

  return {
    accountId,
    root: () => ensureRoot(context),
    resolve: (path, base) => resolvePath(context, path, base),
    get: (nodeId) => nodeById(context, nodeId),
    list: (folder) => listFolder(context, folder),
    mkdir: (parent, name) => makeFolder(context, parent, name),
    mkdirs: async (path, base) => makeFolders(context, base ?? (await ensureRoot(context)), splitPath(path)),
    rename,
    move: (node, target, name) => moveNode(context, node, target, name),
    trash: (node) => trashNode(context, node),
    restore: (node) => restoreNode(context, node),
    delete: (node) => deleteNode(context, node),
    listTrash: () => listTrash(context),
    versions: (file) => listVersions(context, file),
    restoreVersion: (file, number) => restoreVersion(context, file, number),
    deleteVersion: (file, number) => deleteVersion(context, file, number),
    upload: (source, uploadOptions) => uploadFile(context, source, uploadOptions),
    download: (file, downloadOptions) => downloadFile(context, file, downloadOptions),
    contentAccess: (file, version) => driveContentAccess(context, file, version),
    createLink: (node, linkOptions) => createLink(context, node, linkOptions),
    listLinks: () => listLinks(context),
    revokeLink: (linkId) => revokeLink(context, linkId),
    share: (folder, email, role) => shareFolder(context, folder, email, role),
    listShares: () => listShares(context),
    acceptShare: (shareId) => acceptShare(context, shareId),
    deleteShare: (shareId) => deleteShare(context, shareId),
    listShared: () => listShared(context),
  };
}
