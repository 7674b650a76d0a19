import { open } from 'node:fs/promises';
import path from 'node:path';
import { type ByteSource } from '../byte-source.js';
import { DriveError } from '../drive-error.js';

/** Media types of common extensions; anything else is left unknown. */
const MEDIA_TYPES: Record<string, string> = {
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.html': 'text/html',
  '.css': 'text/css',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.js': 'text/javascript',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
  '.tar': 'application/x-tar',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.opus': 'audio/opus',
  '.wav': 'audio/wav',
  '.flac': 'audio/flac',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
};

/** The media type of a file name's extension, if it is a common one. */
export function mediaTypeOf(name: string): string | null {
  return MEDIA_TYPES[path.extname(name).toLowerCase()] ?? null;
}

/**
 * A source over a local file, read at any offset (an upload from it can resume). Its size and
 * mtime are those of when it was opened; a read past a shrunken end fails with SOURCE_CHANGED.
 * Close it when done.
 */
export async function fileSource(filePath: string): Promise<ByteSource> {
  const handle = await open(filePath, 'r');
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new DriveError('NOT_A_FILE', `${filePath} is not a regular file.`);
    const readFully = async (target: Uint8Array, start: number): Promise<void> => {
      let filled = 0;
      while (filled < target.length) {
        const { bytesRead } = await handle.read(target, filled, target.length - filled, start + filled);
        if (bytesRead === 0) throw new DriveError('SOURCE_CHANGED', `${filePath} is shorter than when the upload started.`);
        filled += bytesRead;
      }
    };
    return {
      size: stats.size,
      mtime: Math.floor(stats.mtimeMs),
      mediaType: mediaTypeOf(filePath),
      randomAccess: true,
      read: async (start, end) => {
        const out = new Uint8Array(end - start);
        await readFully(out, start);
        return out;
      },
      readInto: async (target, start) => {
        await readFully(target, start);
        return target;
      },
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
