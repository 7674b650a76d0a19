// The worker's uploads: a queue of files, two sent at a time (each already sends four parts at
// once), reading, encrypting and sending here so the page never blocks. The page hears about them
// through throttled TransferEventMessages. Every upload is recorded in the upload vault so it can
// continue after a failure, a reload or a crash: the SDK resumes it from its UploadState.
import { type Drive, type DriveApi, type DriveNode, DriveError, type UploadStateStore, blobSource } from '@coffre/sdk/drive';
import { toErrorData } from './errors.ts';
import { type InterruptedUpload, type TransferView, type UploadRequest } from './protocol.ts';
import { type UploadRecord, type UploadVault } from './upload-vault.ts';

/** Files uploading at once. */
export const FILES_IN_FLIGHT = 2;
/** Progress reports to the page are at most this often (status changes go at once). */
export const PROGRESS_INTERVAL_MS = 250;

/** The signed-in drive the queue uploads with. */
export interface UploadTarget {
  readonly accountId: string;
  readonly drive: Drive;
  readonly api: DriveApi;
  /** A folder by id, verified (from the drive service's cache when it has it). */
  folder(id: string): Promise<DriveNode>;
}

export interface UploadQueueContext {
  /** The drive of the session now signed in. @throws NOT_SIGNED_IN */
  target(): Promise<UploadTarget>;
  readonly vault: UploadVault;
  /** Sends changed transfers to the page. */
  notify(transfers: TransferView[]): void;
}

interface Transfer {
  view: TransferView;
  file: File;
  /** The vault key: the transfer's own id, or the id of the interrupted upload it continues. */
  resumeKey: string;
  mtime: number | null;
  abort?: AbortController;
}

export interface UploadQueue {
  /** Queues files; a file matching an interrupted upload of this account continues it. */
  add(parentId: string, requests: UploadRequest[]): Promise<void>;
  cancel(transferId: string): Promise<void>;
  retry(transferId: string): void;
  /** Uploads recorded in the vault that nothing in this worker is sending. */
  interrupted(): Promise<InterruptedUpload[]>;
  /** @throws DriveError SOURCE_CHANGED when `file` is not the one the upload was reading. */
  resume(transferId: string, file: File): Promise<void>;
  discard(transferId: string): Promise<void>;
  /** The session ended: stop everything (the vault keeps the records, to resume after signing in again). */
  stopAll(): void;
}

function isAbort(error: unknown): boolean {
  return (error instanceof DriveError && error.code === 'ABORTED') || (error instanceof DOMException && error.name === 'AbortError');
}

function sameFile(record: UploadRecord, file: File): boolean {
  return record.name === file.name && record.size === file.size && record.mtime === file.lastModified;
}

export function createUploadQueue(context: UploadQueueContext): UploadQueue {
  const transfers = new Map<string, Transfer>();
  const dirty = new Set<string>();
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  let running = 0;
  // Folders for dropped directories are created one path at a time: two files of a new folder
  // must not both create it.
  let folderChain: Promise<unknown> = Promise.resolve();
  // Vault writes of progress go in order, after the SDK's own records.
  let vaultChain: Promise<unknown> = Promise.resolve();

  const flush = () => {
    if (flushTimer !== undefined) clearTimeout(flushTimer);
    flushTimer = undefined;
    const changed = [...dirty].flatMap((id) => {
      const transfer = transfers.get(id);
      return transfer === undefined ? [] : [{ ...transfer.view }];
    });
    dirty.clear();
    if (changed.length > 0) context.notify(changed);
  };
  const changed = (transfer: Transfer, { now = false } = {}) => {
    dirty.add(transfer.view.transferId);
    if (now) flush();
    else flushTimer ??= setTimeout(flush, PROGRESS_INTERVAL_MS);
  };
  const queueVault = (task: () => Promise<void>) => {
    vaultChain = vaultChain.then(task).catch(() => undefined);
  };

  const recordOf = (transfer: Transfer, accountId: string, state?: UploadRecord['state']): UploadRecord => ({
    transferId: transfer.resumeKey,
    accountId,
    parentId: transfer.view.parentId,
    folderPath: transfer.view.folderPath,
    name: transfer.view.name,
    size: transfer.view.size,
    mtime: transfer.mtime,
    done: transfer.view.done,
    ...(state && { state }),
  });

  /** The SDK's resume store, keeping the page's description of the upload beside its state. */
  const stateStore = (transfer: Transfer, accountId: string): UploadStateStore => ({
    get: async (key) => (await context.vault.get(key))?.state,
    put: (_key, state) => context.vault.put(recordOf(transfer, accountId, state)),
    delete: (key) => context.vault.delete(key),
  });

  const destination = (target: UploadTarget, transfer: Transfer): Promise<DriveNode> => {
    const make = async () => {
      const parent = await target.folder(transfer.view.parentId);
      return transfer.view.folderPath === '' ? parent : target.drive.mkdirs(transfer.view.folderPath, parent);
    };
    const made = folderChain.then(make);
    folderChain = made.catch(() => undefined);
    return made;
  };

  const run = async (transfer: Transfer) => {
    const abort = new AbortController();
    transfer.abort = abort;
    transfer.view = { ...transfer.view, status: 'uploading', error: undefined };
    changed(transfer, { now: true });
    try {
      const target = await context.target();
      const existing = await context.vault.get(transfer.resumeKey);
      // Listed as interrupted from the start, so even a reload before the first part can be picked up.
      if (existing === undefined) await context.vault.put(recordOf(transfer, target.accountId));
      const parent = await destination(target, transfer);
      abort.signal.throwIfAborted();
      const result = await target.drive.upload(blobSource(transfer.file), {
        parent,
        name: transfer.view.name,
        resume: { key: transfer.resumeKey, store: stateStore(transfer, target.accountId) },
        signal: abort.signal,
        onProgress: ({ done }) => {
          transfer.view = { ...transfer.view, done };
          changed(transfer);
          queueVault(async () => {
            const record = await context.vault.get(transfer.resumeKey);
            if (record !== undefined && transfer.view.status === 'uploading') await context.vault.put({ ...record, done });
          });
        },
      });
      await vaultChain;
      // The SDK deleted its state; a progress write racing it must not bring the record back.
      await context.vault.delete(transfer.resumeKey);
      transfer.view = { ...transfer.view, status: 'done', done: transfer.view.size, resumed: result.resumed, nodeId: result.node.id };
    } catch (error) {
      transfer.view = isAbort(error) || abort.signal.aborted ? { ...transfer.view, status: 'cancelled' } : { ...transfer.view, status: 'failed', error: toErrorData(error) };
    } finally {
      transfer.abort = undefined;
      changed(transfer, { now: true });
    }
  };

  const pump = () => {
    while (running < FILES_IN_FLIGHT) {
      const next = [...transfers.values()].find((transfer) => transfer.view.status === 'queued');
      if (next === undefined) return;
      running += 1;
      next.view = { ...next.view, status: 'uploading' };
      void run(next).finally(() => {
        running -= 1;
        pump();
      });
    }
  };

  const enqueue = (transfer: Transfer) => {
    transfers.set(transfer.view.transferId, transfer);
    changed(transfer, { now: true });
    pump();
  };

  /** Gives the space of an unfinished upload back and forgets it. */
  const abandon = async (resumeKey: string) => {
    const record = await context.vault.get(resumeKey);
    await context.vault.delete(resumeKey);
    if (record?.state === undefined) return;
    const { api } = await context.target();
    await api.abandonUpload(record.state.uploadId).catch(() => undefined);
    if (record.state.createdNode) await api.deleteNode(record.state.nodeId).catch(() => undefined);
  };

  const active = () => new Set([...transfers.values()].filter((transfer) => transfer.view.status !== 'cancelled' && transfer.view.status !== 'done').map((transfer) => transfer.resumeKey));

  return {
    async add(parentId, requests) {
      const { accountId } = await context.target();
      const waiting = (await context.vault.list(accountId)).filter((record) => !active().has(record.transferId));
      for (const { transferId, file, folderPath } of requests) {
        const match = waiting.find((record) => record.parentId === parentId && record.folderPath === folderPath && sameFile(record, file));
        if (match !== undefined) waiting.splice(waiting.indexOf(match), 1);
        enqueue({
          view: { transferId, name: file.name, folderPath, parentId, size: file.size, done: match?.done ?? 0, status: 'queued', resumed: false },
          file,
          resumeKey: match?.transferId ?? transferId,
          mtime: file.lastModified,
        });
      }
    },

    async cancel(transferId) {
      const transfer = transfers.get(transferId);
      if (transfer === undefined || transfer.view.status === 'done' || transfer.view.status === 'cancelled') return;
      if (transfer.abort !== undefined) {
        transfer.abort.abort();
      } else {
        transfer.view = { ...transfer.view, status: 'cancelled' };
        changed(transfer, { now: true });
      }
      // Let the upload stop before its server side is abandoned.
      while (transfer.abort !== undefined) await new Promise((resolve) => setTimeout(resolve, 20));
      await vaultChain;
      await abandon(transfer.resumeKey);
    },

    retry(transferId) {
      const transfer = transfers.get(transferId);
      if (transfer?.view.status !== 'failed') return;
      transfer.view = { ...transfer.view, status: 'queued', error: undefined };
      changed(transfer, { now: true });
      pump();
    },

    async interrupted() {
      const { accountId } = await context.target();
      const busy = active();
      return (await context.vault.list(accountId))
        .filter((record) => !busy.has(record.transferId))
        .map(({ transferId, name, folderPath, parentId, size, mtime, done }) => ({ transferId, name, folderPath, parentId, size, mtime, done }));
    },

    async resume(transferId, file) {
      const { accountId } = await context.target();
      const record = await context.vault.get(transferId);
      if (record === undefined || record.accountId !== accountId) throw new DriveError('NOT_FOUND', 'This upload is no longer waiting to continue.');
      if (!sameFile(record, file)) {
        throw new DriveError('SOURCE_CHANGED', `Pick the same file to continue: "${record.name}", ${record.size} bytes, unchanged since the upload started.`);
      }
      if (active().has(transferId)) return;
      enqueue({
        view: { transferId, name: record.name, folderPath: record.folderPath, parentId: record.parentId, size: record.size, done: record.done, status: 'queued', resumed: false },
        file,
        resumeKey: transferId,
        mtime: record.mtime,
      });
    },

    async discard(transferId) {
      if (active().has(transferId)) throw new DriveError('NOT_ALLOWED', 'This upload is running; cancel it instead.');
      await abandon(transferId);
    },

    stopAll() {
      for (const transfer of transfers.values()) transfer.abort?.abort();
      transfers.clear();
      dirty.clear();
      if (flushTimer !== undefined) clearTimeout(flushTimer);
      flushTimer = undefined;
    },
  };
}
