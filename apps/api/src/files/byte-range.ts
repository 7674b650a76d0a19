/** Inclusive byte positions of a satisfiable range: `first` to `last`. */
export interface SatisfiableRange {
  readonly first: number;
  readonly last: number;
}

const SINGLE_RANGE = /^bytes=(\d{0,16})-(\d{0,16})$/;

/**
 * Reads a `Range` header (RFC 9110 §14.1.2) against content of `size` bytes: undefined when there
 * is none (the whole content), the range when it is one satisfiable range, 'unsatisfiable'
 * otherwise. One explicit range is all that is supported (`bytes=a-b`, `bytes=a-`, `bytes=-n`):
 * clients read files chunk by chunk, and multipart answers would only complicate them. The end
 * of a range past the content is clipped to it, as the RFC says.
 */
export function parseRange(header: string | undefined, size: number): SatisfiableRange | 'unsatisfiable' | undefined {
  if (header === undefined) return undefined;
  const match = SINGLE_RANGE.exec(header.trim());
  if (match === null) return 'unsatisfiable';
  const [, start = '', end = ''] = match;
  if (start === '' && end === '') return 'unsatisfiable';
  if (start === '') {
    // A suffix: the last n bytes.
    const length = Number(end);
    if (length === 0 || size === 0) return 'unsatisfiable';
    return { first: Math.max(size - length, 0), last: size - 1 };
  }
  const first = Number(start);
  const last = end === '' ? size - 1 : Math.min(Number(end), size - 1);
  if (first >= size || (end !== '' && Number(end) < first)) return 'unsatisfiable';
  return { first, last };
}
