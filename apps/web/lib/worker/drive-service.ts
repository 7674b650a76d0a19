// The drive, as the worker serves it to the file browser: the SDK's drive bound to the signed-in
// session, with the verified nodes it handed out kept by id (the page names nodes by id; their
// keys stay here, beside the nodes, in the SDK). Uploads run in upload-queue.ts.
import { type Drive, type DriveApi, type DriveNode, DriveError, createDrive, createDriveHttpApi } from '@coffre/sdk/drive';
import { type ActiveSession } from './account-service.ts';
import { folderPath } from './folder-path.ts';
import { type DriveMethods, type FileContent, type TransferView } from './protocol.ts';
import { type Handlers } from './rpc.ts';
import { createUploadQueue, type UploadQueue } from './upload-queue.ts';
import { type UploadVault } from './upload-vault.ts';

export interface DriveServiceContext {
  /** The account service's `withSession`: NOT_SIGNED_IN without a session, and ends it when the API refuses it. */
  withSession<T>(run: (session: ActiveSession) => Promise<T>): Promise<T>;
  readonly vault: UploadVault;
  /** Tells the page how its uploads are going. */
  notifyTransfers(transfers: TransferView[]): void;
  /** Creates the drive's routes; `createDriveHttpApi` by default (tests pass their own). */
  createApi?(session: ActiveSession): DriveApi;
}

export interface DriveService {
  readonly handlers: { [M in keyof DriveMethods]: Handlers[M] };
  /** The session ended (signed out, replaced): stop uploads and drop the drive and its nodes. */
  sessionEnded(): void;
}

/** The drive of one signed-in session. */
interface Bound {
  readonly client: ActiveSession['client'];
  readonly accountId: string;
  readonly drive: Drive;
  readonly api: DriveApi;
  /** Nodes handed to the page, by id, so later calls find their keys. */
  readonly nodes: Map<string, DriveNode>;
}

/** Deepest folder path the breadcrumbs walk up before concluding the tree loops. */
const MAX_DEPTH = 1024;

export function createDriveService(context: DriveServiceContext): DriveService {
  let bound: Bound | undefined;

  const bind = (session: ActiveSession): Bound => {
    if (bound?.client === session.client) return bound;
    queue.stopAll();
    const api = context.createApi?.(session) ?? createDriveHttpApi({ baseUrl: session.apiUrl, token: () => session.client.token });
    const drive = createDrive({ api, session: { accountId: session.accountId, keys: session.keys }, lookupPublicKeys: (email) => session.client.lookupPublicKeys(email) });
    bound = { client: session.client, accountId: session.accountId, drive, api, nodes: new Map() };
    return bound;
  };

  const withDrive = <T>(run: (current: Bound) => Promise<T>): Promise<T> => context.withSession((session) => run(bind(session)));

  const remember = (current: Bound, node: DriveNode): DriveNode => {
    current.nodes.set(node.id, node);
    return node;
  };

  const nodeOf = async (current: Bound, nodeId: string): Promise<DriveNode> => {
    if (typeof nodeId !== 'string' || nodeId === '') throw new DriveError('NOT_FOUND', 'No such file or folder.');
    return current.nodes.get(nodeId) ?? remember(current, await current.drive.get(nodeId));
  };

  const folderOf = async (current: Bound, folderId: string): Promise<DriveNode> => {
    const folder = await nodeOf(current, folderId);
    if (folder.kind !== 'folder') throw new DriveError('NOT_A_FOLDER', `"${folder.name}" is not a folder.`);
    return folder;
  };

  /** Runs `change` on each node in turn; the page re-lists afterwards. */
  const eachNode = (nodeIds: string[], change: (current: Bound, node: DriveNode) => Promise<unknown>) =>
    withDrive(async (current) => {
      for (const nodeId of nodeIds) {
        const node = await nodeOf(current, nodeId);
        const result = await change(current, node);
        if (result === 'deleted') current.nodes.delete(nodeId);
        else if (typeof result === 'object' && result !== null) remember(current, result as DriveNode);
      }
      return null;
    });

  const queue: UploadQueue = createUploadQueue({
    vault: context.vault,
    notify: (transfers) => context.notifyTransfers(transfers),
    target: () =>
      withDrive(async (current) => ({
        accountId: current.accountId,
        drive: current.drive,
        api: current.api,
        folder: (id) => folderOf(current, id),
      })),
  });

  const handlers: DriveService['handlers'] = {
    listFolder: ({ folderId }) =>
      withDrive(async (current) => {
        const root = remember(current, await current.drive.root());
        const folder = folderId === null ? root : await folderOf(current, folderId);
        const { path, shared } = await folderPath(folder, (id) => nodeOf(current, id), MAX_DEPTH);
        const children = (await current.drive.list(folder)).map((child) => remember(current, child));
        return { folder, path, children, shared };
      }),

    listSharedWithMe: () =>
      withDrive(async (current) => {
        // listShared verifies each accepted share again and replaces the drive's list of shared
        // roots (even with none left), so a folder whose share was revoked stops resolving here too.
        const [{ incoming }, folders] = await Promise.all([current.drive.listShares(), current.drive.listShared()]);
        const pending = incoming.filter((share) => share.acceptedAt === null).length;
        for (const folder of folders) remember(current, folder);
        return { folders, pending };
      }),

    createFolder: ({ parentId, name }) => withDrive(async (current) => remember(current, await current.drive.mkdir(await folderOf(current, parentId), name))),

    renameNode: ({ nodeId, name }) => withDrive(async (current) => remember(current, await current.drive.rename(await nodeOf(current, nodeId), name))),

    moveNodes: ({ nodeIds, targetId }) =>
      withDrive(async (current) => {
        const target = await folderOf(current, targetId);
        const moved: DriveNode[] = [];
        for (const nodeId of nodeIds) moved.push(remember(current, await current.drive.move(await nodeOf(current, nodeId), target)));
        return moved;
      }),

    trashNodes: ({ nodeIds }) => eachNode(nodeIds, (current, node) => current.drive.trash(node)),

    restoreNodes: ({ nodeIds }) => eachNode(nodeIds, (current, node) => current.drive.restore(node)),

    deleteNodes: ({ nodeIds }) =>
      eachNode(nodeIds, async (current, node) => {
        await current.drive.delete(node);
        return 'deleted';
      }),

    listTrash: () => withDrive(async (current) => (await current.drive.listTrash()).map((node) => remember(current, node))),

    listVersions: ({ nodeId }) => withDrive(async (current) => current.drive.versions(await nodeOf(current, nodeId))),

    restoreVersion: ({ nodeId, number }) =>
      withDrive(async (current) => remember(current, (await current.drive.restoreVersion(await nodeOf(current, nodeId), number)).node)),

    deleteVersion: ({ nodeId, number }) =>
      withDrive(async (current) => {
        await current.drive.deleteVersion(await nodeOf(current, nodeId), number);
        return null;
      }),

    readFile: ({ nodeId, number }) =>
      withDrive(async (current): Promise<FileContent> => {
        const node = await nodeOf(current, nodeId);
        const download = await current.drive.download(node, number === undefined ? {} : { version: number });
        // Into memory, whole: a stop-gap until the Service Worker streams downloads to disk.
        const bytes = new Uint8Array(download.length);
        let offset = 0;
        const reader = download.stream.getReader();
        for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
          bytes.set(chunk.value, offset);
          offset += chunk.value.length;
        }
        if (offset !== download.length) throw new DriveError('TAMPERED', `"${node.name}" ended early.`);
        return { name: node.name, mediaType: node.mediaType, bytes: bytes.buffer };
      }),

    async uploadFiles({ parentId, files }) {
      if (!Array.isArray(files) || files.some((request) => !(request?.file instanceof Blob) || typeof request.transferId !== 'string' || typeof request.folderPath !== 'string')) {
        throw new TypeError('uploadFiles needs files with a transfer id and a folder path');
      }
      await queue.add(parentId, files);
      return null;
    },

    async cancelUpload({ transferId }) {
      await queue.cancel(transferId);
      return null;
    },

    async retryUpload({ transferId }) {
      queue.retry(transferId);
      return null;
    },

    listInterruptedUploads: () => queue.interrupted(),

    async resumeUpload({ transferId, file }) {
      await queue.resume(transferId, file);
      return null;
    },

    async discardUpload({ transferId }) {
      await queue.discard(transferId);
      return null;
    },
  };

  return {
    handlers,
    sessionEnded() {
      queue.stopAll();
      bound = undefined;
    },
  };
}
