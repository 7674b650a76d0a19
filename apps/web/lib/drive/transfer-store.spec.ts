import { describe, expect, it } from 'vitest';
import { type MethodName, type TransferEventMessage, type TransferView } from '../worker/protocol.ts';
import { createTransferStore } from './transfer-store.ts';

function fakeWorker() {
  let listener: ((event: TransferEventMessage) => void) | undefined;
  const calls: { method: MethodName; params: unknown }[] = [];
  const worker = {
    call: async (method: MethodName, params: unknown) => {
      calls.push({ method, params });
      return (method === 'listInterruptedUploads' ? [] : null) as never;
    },
    onTransferEvent: (next: (event: TransferEventMessage) => void) => {
      listener = next;
      return () => undefined;
    },
  };
  return { worker, calls, emit: (transfers: TransferView[]) => listener?.({ type: 'transfers', transfers }) };
}

function view(transferId: string, overrides: Partial<TransferView> = {}): TransferView {
  return { transferId, name: `${transferId}.bin`, folderPath: '', parentId: 'f', size: 1000, done: 0, status: 'uploading', resumed: false, ...overrides };
}

describe('transfer store', () => {
  it('sends picked files with fresh transfer ids, and reads the interrupted list again', async () => {
    const fake = fakeWorker();
    let n = 0;
    const store = createTransferStore(fake.worker, { newId: () => `id-${++n}` });
    const file = new File(['x'], 'a.txt');
    await store.upload('folder-1', [{ file, folderPath: 'sub' }]);
    expect(fake.calls).toEqual([
      { method: 'uploadFiles', params: { parentId: 'folder-1', files: [{ transferId: 'id-1', file, folderPath: 'sub' }] } },
      { method: 'listInterruptedUploads', params: null },
    ]);
  });

  it('works out speed, time left and the overall progress from the reports', () => {
    const fake = fakeWorker();
    let now = 0;
    const store = createTransferStore(fake.worker, { now: () => now });
    fake.emit([view('a'), view('b', { size: 3000 })]);
    now = 2000;
    fake.emit([view('a', { done: 400 }), view('b', { done: 1000, size: 3000 })]);
    const { rows, overall } = store.getState();
    expect(rows.map((row) => [row.speed, row.secondsLeft])).toEqual([
      [200, 3],
      [500, 4],
    ]);
    expect(overall).toEqual({ done: 1400, total: 4000, remaining: 2, speed: 700, secondsLeft: 4 });
  });

  it('leaves cancelled uploads out of the totals, tells who listens about completions, and clears finished rows', () => {
    const fake = fakeWorker();
    const store = createTransferStore(fake.worker);
    const completed: string[] = [];
    store.onCompleted((row) => completed.push(row.transferId));
    fake.emit([view('a', { status: 'cancelled', done: 10 }), view('b', { status: 'done', done: 1000 }), view('c', { status: 'queued' })]);
    fake.emit([view('b', { status: 'done', done: 1000 })]);
    expect(completed).toEqual(['b']);
    expect(store.getState().overall).toMatchObject({ done: 1000, total: 2000, remaining: 1 });
    store.clearFinished();
    expect(store.getState().rows.map((row) => row.transferId)).toEqual(['c']);
  });
});
