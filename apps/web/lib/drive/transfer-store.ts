// The page's view of its uploads: what the worker reports (throttled TransferEventMessages),
// with speed and time left worked out here from the reports' timing. Framework-free (React reads
// it through useSyncExternalStore), so its rules are tested without a browser.
import { type InterruptedUpload, type TransferView } from '../worker/protocol.ts';
import { type WorkerClient } from '../worker/rpc.ts';
import { type PickedFile } from './dropped-files.ts';
import { type RateSample, addSample, bytesPerSecond, secondsLeft } from './transfer-rate.ts';

/** One upload as the page shows it. */
export interface TransferRow extends TransferView {
  /** Bytes per second lately; undefined until measurable. */
  speed: number | undefined;
  secondsLeft: number | undefined;
}

/** Every upload of this page together. */
export interface OverallProgress {
  done: number;
  total: number;
  /** Uploads not finished (queued or uploading). */
  remaining: number;
  speed: number | undefined;
  secondsLeft: number | undefined;
}

export interface TransferState {
  readonly rows: readonly TransferRow[];
  readonly overall: OverallProgress;
  /** Uploads an earlier page load left unfinished. */
  readonly interrupted: readonly InterruptedUpload[];
}

export interface TransferStore {
  getState(): TransferState;
  subscribe(listener: () => void): () => void;
  /** Queues files into `parentId`. */
  upload(parentId: string, files: readonly PickedFile[]): Promise<void>;
  cancel(transferId: string): Promise<void>;
  retry(transferId: string): Promise<void>;
  /** Drops finished, cancelled and failed rows from the list. */
  clearFinished(): void;
  /** Reads the interrupted uploads again. */
  refreshInterrupted(): Promise<void>;
  /** Continues an interrupted upload from the file picked again. */
  resume(transferId: string, file: File): Promise<void>;
  discard(transferId: string): Promise<void>;
  /** Called with each upload that completes (the browser re-lists its folder). */
  onCompleted(listener: (row: TransferView) => void): () => void;
}

type Worker = Pick<WorkerClient, 'call' | 'onTransferEvent'>;

const ACTIVE = new Set(['queued', 'uploading']);

export function createTransferStore(worker: Worker, options: { now?: () => number; newId?: () => string } = {}): TransferStore {
  const now = options.now ?? (() => performance.now());
  const newId = options.newId ?? (() => crypto.randomUUID());
  const views = new Map<string, TransferView>();
  const samples = new Map<string, RateSample[]>();
  const listeners = new Set<() => void>();
  const completedListeners = new Set<(row: TransferView) => void>();
  let interrupted: readonly InterruptedUpload[] = [];
  let state: TransferState = build();

  function build(): TransferState {
    const rows = [...views.values()].map((view): TransferRow => {
      const speed = view.status === 'uploading' ? bytesPerSecond(samples.get(view.transferId) ?? []) : undefined;
      return { ...view, speed, secondsLeft: secondsLeft(view.done, view.size, speed) };
    });
    const counted = rows.filter((row) => row.status !== 'cancelled');
    const active = rows.filter((row) => ACTIVE.has(row.status));
    const done = counted.reduce((sum, row) => sum + row.done, 0);
    const total = counted.reduce((sum, row) => sum + row.size, 0);
    const speeds = active.map((row) => row.speed).filter((speed): speed is number => speed !== undefined);
    const speed = speeds.length === 0 ? undefined : speeds.reduce((sum, value) => sum + value, 0);
    const activeLeft = active.reduce((sum, row) => sum + (row.size - row.done), 0);
    return {
      rows,
      interrupted: interrupted.filter((upload) => !active.some((row) => row.transferId === upload.transferId)),
      overall: { done, total, remaining: active.length, speed, secondsLeft: secondsLeft(0, activeLeft, speed) },
    };
  }

  const publish = () => {
    state = build();
    for (const listener of listeners) listener();
  };

  worker.onTransferEvent((event) => {
    const at = now();
    for (const view of event.transfers) {
      const before = views.get(view.transferId);
      views.set(view.transferId, view);
      samples.set(view.transferId, view.status === 'uploading' ? addSample(samples.get(view.transferId) ?? [], { at, done: view.done }) : []);
      if (view.status === 'done' && before?.status !== 'done') for (const listener of completedListeners) listener(view);
    }
    publish();
  });

  const refreshInterrupted = async () => {
    interrupted = await worker.call('listInterruptedUploads', null);
    publish();
  };

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async upload(parentId, files) {
      if (files.length === 0) return;
      await worker.call('uploadFiles', { parentId, files: files.map(({ file, folderPath }) => ({ transferId: newId(), file, folderPath })) });
      // A picked file may have continued an interrupted upload: it leaves that list.
      await refreshInterrupted();
    },
    async cancel(transferId) {
      await worker.call('cancelUpload', { transferId });
    },
    async retry(transferId) {
      await worker.call('retryUpload', { transferId });
    },
    clearFinished() {
      for (const [id, view] of views) if (!ACTIVE.has(view.status)) views.delete(id);
      publish();
    },
    refreshInterrupted,
    async resume(transferId, file) {
      await worker.call('resumeUpload', { transferId, file });
      await refreshInterrupted();
    },
    async discard(transferId) {
      await worker.call('discardUpload', { transferId });
      await refreshInterrupted();
    },
    onCompleted(listener) {
      completedListeners.add(listener);
      return () => completedListeners.delete(listener);
    },
  };
}
