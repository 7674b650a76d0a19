'use client';

import { Button } from '@coffre/ui/button';
import { formatBytes } from '@coffre/ui/meter';
import { ProgressBar } from '@coffre/ui/progress';
import { useRef, useState, useSyncExternalStore } from 'react';
import { FormError } from '../../../components/form-error.tsx';
import { type ErrorText, errorText } from '../../../lib/account/error-text.ts';
import { type TransferRow, type TransferState, type TransferStore } from '../../../lib/drive/transfer-store.ts';
import { formatDuration } from '../../../lib/drive/transfer-rate.ts';
import { AccountError } from '../../../lib/worker/errors.ts';
import { type InterruptedUpload } from '../../../lib/worker/protocol.ts';

const EMPTY: TransferState = { rows: [], interrupted: [], overall: { done: 0, total: 0, remaining: 0, speed: undefined, secondsLeft: undefined } };

const STATUS_TEXT: Record<TransferRow['status'], string> = {
  queued: 'Waiting',
  uploading: 'Uploading',
  done: 'Uploaded',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** "4 MB of 10 MB · 2 MB/s · 3 s left". */
function detailOf(done: number, total: number, speed: number | undefined, secondsLeft: number | undefined): string {
  const parts = [`${formatBytes(done)} of ${formatBytes(total)}`];
  if (speed !== undefined) parts.push(`${formatBytes(speed)}/s`);
  if (secondsLeft !== undefined) parts.push(`${formatDuration(secondsLeft)} left`);
  return parts.join(' · ');
}

function pathOf(row: { folderPath: string; name: string }): string {
  return row.folderPath === '' ? row.name : `${row.folderPath}/${row.name}`;
}

function TransferItem({ row, store, onError }: { row: TransferRow; store: TransferStore; onError: (error: unknown) => void }) {
  const name = pathOf(row);
  const detail = `${STATUS_TEXT[row.status]}${row.resumed ? ' (resumed)' : ''} · ${detailOf(row.done, row.size, row.speed, row.secondsLeft)}`;
  return (
    <li className="coffre-transfer" data-status={row.status}>
      <ProgressBar label={name} value={row.done} max={row.size} detail={detail} indeterminate={row.status === 'queued'} />
      {row.error === undefined ? null : <p className="coffre-transfer__error">{errorText(new AccountError(row.error), 'drive').message}</p>}
      <div className="coffre-transfer__actions">
        {row.status === 'queued' || row.status === 'uploading' ? (
          <Button variant="quiet" aria-label={`Cancel upload of ${name}`} onClick={() => store.cancel(row.transferId).catch(onError)}>
            Cancel
          </Button>
        ) : null}
        {row.status === 'failed' ? (
          <Button variant="quiet" aria-label={`Retry upload of ${name}`} onClick={() => store.retry(row.transferId).catch(onError)}>
            Retry
          </Button>
        ) : null}
      </div>
    </li>
  );
}

function InterruptedItem({ upload, store, onError }: { upload: InterruptedUpload; store: TransferStore; onError: (error: unknown) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const name = pathOf(upload);
  return (
    <li className="coffre-transfer">
      <ProgressBar label={name} value={upload.done} max={upload.size} detail={`Interrupted · ${formatBytes(upload.done)} of ${formatBytes(upload.size)}`} />
      <div className="coffre-transfer__actions">
        <input
          ref={input}
          type="file"
          className="coffre-visually-hidden"
          tabIndex={-1}
          aria-label={`File to resume ${name} from`}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            event.currentTarget.value = '';
            if (file !== undefined) store.resume(upload.transferId, file).catch(onError);
          }}
        />
        <Button variant="quiet" aria-label={`Resume ${name}`} title="Pick the same file again to continue" onClick={() => input.current?.click()}>
          Resume
        </Button>
        <Button variant="quiet" aria-label={`Discard the upload of ${name}`} onClick={() => store.discard(upload.transferId).catch(onError)}>
          Discard
        </Button>
      </div>
    </li>
  );
}

/** Uploads of this page: overall and per-file progress, cancel and retry, and what a reload interrupted. */
export function UploadsPanel({ store }: { store: TransferStore | undefined }) {
  const state = useSyncExternalStore(store?.subscribe ?? (() => () => undefined), () => store?.getState() ?? EMPTY, () => EMPTY);
  const [error, setError] = useState<ErrorText | undefined>(undefined);
  const onError = (failure: unknown) => setError(errorText(failure, 'drive'));
  if (store === undefined || (state.rows.length === 0 && state.interrupted.length === 0)) return null;
  const { overall } = state;
  return (
    <section className="coffre-panel coffre-uploads" aria-labelledby="uploads-title">
      <h2 id="uploads-title" className="coffre-panel__title">
        Uploads
      </h2>
      <FormError error={error} />
      {state.rows.length === 0 ? null : (
        <>
          <ProgressBar
            label={overall.remaining === 0 ? 'All uploads finished' : `${overall.remaining} ${overall.remaining === 1 ? 'upload' : 'uploads'} in progress`}
            value={overall.done}
            max={overall.total}
            detail={detailOf(overall.done, overall.total, overall.speed, overall.secondsLeft)}
          />
          <ul className="coffre-transfers">
            {state.rows.map((row) => (
              <TransferItem key={row.transferId} row={row} store={store} onError={onError} />
            ))}
          </ul>
          {overall.remaining < state.rows.length ? (
            <Button variant="secondary" onClick={() => store.clearFinished()}>
              Clear finished
            </Button>
          ) : null}
        </>
      )}
      {state.interrupted.length === 0 ? null : (
        <>
          <h3 className="coffre-uploads__subtitle">Interrupted uploads</h3>
          <p className="coffre-panel__intro">These stopped before they finished, for example when the page was reloaded. Pick the same file again to continue where it stopped.</p>
          <ul className="coffre-transfers">
            {state.interrupted.map((upload) => (
              <InterruptedItem key={upload.transferId} upload={upload} store={store} onError={onError} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
