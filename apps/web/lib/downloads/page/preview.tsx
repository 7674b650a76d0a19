'use client';

// A file's preview, streamed and decrypted by the Service Worker: images, audio and video (the
// media element's Range requests are answered with decrypted chunks, so seeking is native), PDF,
// and the beginning of text files. Used by the public link page and the drive's file browser.
import { Alert } from '@coffre/ui/alert';
import { type DriveNode } from '@coffre/sdk/drive';
import { useEffect, useState } from 'react';
import { useAccountStore } from '../../account/account-context.tsx';
import { type DownloadTarget } from '../../worker/protocol.ts';
import { previewKind } from '../preview-kind.ts';
import { keepServiceWorkerAlive } from './service-worker-client.ts';
import { prepareDownload } from './start-download.ts';

/** Text previews show the beginning of the file only. */
export const TEXT_PREVIEW_BYTES = 256 * 1024;

export interface PreviewProps {
  /** The file to show. */
  node: Pick<DriveNode, 'id' | 'name' | 'mediaType' | 'size' | 'kind'>;
  /** Set when the file is below a link opened on this page (the public link page). */
  linkSessionId?: string;
}

type State = { status: 'loading' } | { status: 'ready'; url: string; text?: string; truncated?: boolean } | { status: 'failed'; message: string };

/** The preview of `node`, or a note that it has none. */
export function Preview({ node, linkSessionId }: PreviewProps) {
  const store = useAccountStore();
  const kind = node.kind === 'file' ? previewKind(node) : null;
  const [state, setState] = useState<State>({ status: 'loading' });

  useEffect(() => {
    if (kind === null) return;
    let cancelled = false;
    const target: DownloadTarget = linkSessionId === undefined ? { kind: 'node', nodeId: node.id } : { kind: 'link', linkSessionId, nodeId: node.id };
    const stopKeepAlive = keepServiceWorkerAlive();
    (async () => {
      const prepared = await prepareDownload(store, target, 'inline');
      if (kind !== 'text') return { status: 'ready', url: prepared.url } as const;
      const response = await fetch(prepared.url, { headers: { range: `bytes=0-${TEXT_PREVIEW_BYTES - 1}` } });
      if (!response.ok) throw new Error(await response.text());
      const text = new TextDecoder('utf-8', { fatal: false }).decode(await response.arrayBuffer());
      return { status: 'ready', url: prepared.url, text, truncated: node.size > TEXT_PREVIEW_BYTES } as const;
    })().then(
      (next) => !cancelled && setState(next),
      (error: unknown) => !cancelled && setState({ status: 'failed', message: (error as Error).message || 'The preview could not be loaded.' }),
    );
    return () => {
      cancelled = true;
      stopKeepAlive();
    };
  }, [store, kind, linkSessionId, node.id, node.size]);

  if (kind === null) return <p className="coffre-preview coffre-preview--none">No preview for this kind of file. Download it to open it.</p>;
  if (state.status === 'failed') {
    return (
      <Alert tone="error" title="No preview">
        <p>{state.message}</p>
      </Alert>
    );
  }
  if (state.status === 'loading') {
    return (
      <p className="coffre-preview coffre-loading" role="status">
        Decrypting a preview…
      </p>
    );
  }
  const label = `Preview of ${node.name}`;
  switch (kind) {
    case 'image':
      return <img className="coffre-preview coffre-preview--image" src={state.url} alt={label} />;
    case 'audio':
      return <audio className="coffre-preview coffre-preview--audio" src={state.url} controls preload="metadata" aria-label={label} />;
    case 'video':
      return <video className="coffre-preview coffre-preview--video" src={state.url} controls preload="metadata" aria-label={label} />;
    case 'pdf':
      return <iframe className="coffre-preview coffre-preview--pdf" src={state.url} title={label} />;
    case 'text':
      return (
        <figure className="coffre-preview coffre-preview--text">
          <pre tabIndex={0} aria-label={label}>
            {state.text}
          </pre>
          {state.truncated ? <figcaption>The first {TEXT_PREVIEW_BYTES / 1024} KiB; download the file for the rest.</figcaption> : null}
        </figure>
      );
  }
}
