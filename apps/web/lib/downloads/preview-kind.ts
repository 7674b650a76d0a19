// Which preview a file gets, from its signed media type, or its name when the type is missing.
import { inlineContentType } from './sw/content-headers.ts';

export type PreviewKind = 'image' | 'audio' | 'video' | 'pdf' | 'text';

const BY_EXTENSION: Record<string, string> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif',
  mp3: 'audio/mpeg', m4a: 'audio/mp4', ogg: 'audio/ogg', opus: 'audio/ogg', wav: 'audio/wav', flac: 'audio/flac', weba: 'audio/webm',
  mp4: 'video/mp4', webm: 'video/webm', mov: 'video/quicktime',
  pdf: 'application/pdf',
  txt: 'text/plain', md: 'text/markdown', csv: 'text/csv', json: 'application/json', log: 'text/plain',
};

/** The media type to preview with: the signed one, or one guessed from the name. */
export function previewMediaType(node: { name: string; mediaType: string | null }): string | null {
  if (node.mediaType !== null && node.mediaType !== 'application/octet-stream') return node.mediaType;
  const extension = /\.([a-z0-9]+)$/i.exec(node.name)?.[1]?.toLowerCase();
  return extension === undefined ? node.mediaType : (BY_EXTENSION[extension] ?? node.mediaType);
}

/** The preview a file gets; null when it has none (it can still be downloaded). */
export function previewKind(node: { name: string; mediaType: string | null }): PreviewKind | null {
  const served = inlineContentType(previewMediaType(node));
  if (served === null) return null;
  if (served.startsWith('image/')) return 'image';
  if (served.startsWith('audio/')) return 'audio';
  if (served.startsWith('video/')) return 'video';
  if (served === 'application/pdf') return 'pdf';
  return 'text';
}
