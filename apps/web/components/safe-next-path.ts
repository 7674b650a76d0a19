/**
 * Where to go after signing in: the `next` parameter when it is a path on this site, the drive
 * otherwise. Anything that could leave the site (`//evil.example`, `https://…`, `/\evil`) is
 * ignored, so a crafted sign-in link cannot send someone elsewhere.
 */
export function safeNextPath(next: string | string[] | undefined, fallback = '/drive'): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return fallback;
  const url = URL.parse(next, 'https://coffre.invalid');
  if (url === null || url.origin !== 'https://coffre.invalid') return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
