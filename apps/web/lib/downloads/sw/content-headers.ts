// The headers of a decrypted file as the Service Worker serves it from the app's own origin.
// Whoever shared the file chose its bytes and its media type, so nothing that could run in this
// origin may be served for display: HTML, SVG, XML and scripts would run with the page's
// privileges (and could talk to the worker that holds the keys). Only passive types are shown
// inline, under a policy that allows nothing else; everything else is a download.

/** Media types shown in the page as they are. Anything else is sent as a download. */
const INLINE_TYPES = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'application/pdf',
  'text/plain',
]);

/** Audio and video are shown inline whatever the codec (the media element only decodes them). */
const INLINE_PREFIXES = ['audio/', 'video/'];

/** Media types a preview reads as text (served as `text/plain`, never as what they claim). */
const TEXT_TYPES = /^(text\/[a-z0-9.+-]+|application\/(json|xml|javascript|x-yaml|yaml|toml|x-sh))$/;

/** The media type without parameters, lower case; null when it is not one. */
export function baseMediaType(mediaType: string | null): string | null {
  const base = mediaType?.split(';')[0]?.trim().toLowerCase();
  return base !== undefined && /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(base) ? base : null;
}

/** The Content-Type to serve inline, or null when the type must not be shown in the page. */
export function inlineContentType(mediaType: string | null): string | null {
  const base = baseMediaType(mediaType);
  if (base === null) return null;
  if (INLINE_TYPES.has(base) || INLINE_PREFIXES.some((prefix) => base.startsWith(prefix))) return base === 'text/plain' ? 'text/plain; charset=utf-8' : base;
  if (TEXT_TYPES.test(base)) return 'text/plain; charset=utf-8';
  return null;
}

/** `Content-Disposition` for `name`, with an ASCII fallback and the UTF-8 name (RFC 6266, 8187). */
export function contentDisposition(kind: 'attachment' | 'inline', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * The headers of a decrypted file. Inline responses get a policy that runs nothing and loads
 * nothing (`sandbox` too, except for PDF, which Chromium's viewer refuses to show sandboxed; the
 * viewer runs in its own origin, not this one).
 */
export function contentHeaders(options: { disposition: 'attachment' | 'inline'; name: string; mediaType: string | null }): Headers {
  const inlineType = options.disposition === 'inline' ? inlineContentType(options.mediaType) : null;
  const headers = new Headers({
    'Content-Type': inlineType ?? 'application/octet-stream',
    'Content-Disposition': contentDisposition(inlineType === null ? 'attachment' : 'inline', options.name),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Accept-Ranges': 'bytes',
  });
  const pdf = inlineType === 'application/pdf';
  headers.set('Content-Security-Policy', `default-src 'none'; frame-ancestors 'self'${pdf ? '' : '; sandbox'}`);
  return headers;
}
