// The Range requests the Service Worker answers: what <audio>, <video> and PDF viewers send
// (RFC 9110 section 14.1.2), one range at a time. Multiple ranges are answered with the whole
// file, which a server may always do.

/** Plaintext bytes [start, end), end exclusive. */
export interface PlainRange {
  start: number;
  end: number;
}

/**
 * Reads a `Range` header against a file of `size` bytes.
 * @returns the range; null when the whole file should be sent (no header, several ranges, or a
 *   unit other than bytes); 'unsatisfiable' for a range wholly past the end (answer 416).
 */
export function parseRange(header: string | null, size: number): PlainRange | null | 'unsatisfiable' {
  if (header === null) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null) return null;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    // A suffix: the last N bytes.
    const length = Number(last);
    if (length === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - length), end: size };
  }
  const start = Number(first);
  if (!Number.isSafeInteger(start) || start >= size) return 'unsatisfiable';
  const end = last === '' ? size : Math.min(size, Number(last) + 1);
  if (end <= start) return null; // last < first is a syntactically invalid range: ignore it
  return { start, end };
}
