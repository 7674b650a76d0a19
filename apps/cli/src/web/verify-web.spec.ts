import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pageAssets } from './page-assets.js';
import { ManifestError, parseReleaseManifest } from './release-manifest.js';
import { verifyWeb } from './verify-web.js';

const ORIGIN = 'https://drive.example';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const sri = (text: string) => `sha384-${createHash('sha384').update(text).digest('base64')}`;

const APP_JS = 'console.log("app")';
const STYLE = 'body{color:red}';
const ICON = '<svg/>';

/** A small site: its files, its manifest (built from `listed`), and the pages. */
function site(overrides: { files?: Record<string, string>; listed?: Record<string, string>; page?: string } = {}) {
  const listed = overrides.listed ?? { '/_next/static/chunks/app.js': APP_JS, '/_next/static/css/app.css': STYLE, '/icon.svg': ICON };
  const manifest = JSON.stringify({
    format: 'coffre-release-manifest/v1',
    app: '@coffre/web',
    version: '0.1.0',
    buildId: 'build-1',
    algorithm: 'sha256',
    assets: Object.fromEntries(Object.entries(listed).map(([path, body]) => [path, sha256(body)])),
  });
  const page =
    overrides.page ??
    `<!doctype html><html><head><link rel="stylesheet" href="/_next/static/css/app.css" integrity="${sri(STYLE)}">` +
      `<link rel=icon href="/icon.svg?icon.abc.svg"><script src='/_next/static/chunks/app.js' integrity="${sri(APP_JS)}" async></script>` +
      `<script nonce="n">self.__next_f=[]</script></head><body></body></html>`;
  const files: Record<string, string> = { '/release-manifest.json': manifest, '/': page, '/login': page, '/signup': page, ...listed, ...overrides.files };
  const fetchSite = (async (input: string | URL | Request) => {
    const url = new URL(String(input));
    if (url.origin !== ORIGIN) throw new TypeError('fetch failed');
    const body = files[url.pathname];
    return body === undefined ? new Response('not found', { status: 404 }) : new Response(body, { status: 200 });
  }) as typeof fetch;
  return { fetch: fetchSite, manifestSha256: sha256(manifest) };
}

describe('verifyWeb', () => {
  it('passes a site that serves exactly its manifest', async () => {
    const { fetch, manifestSha256 } = site();
    const report = await verifyWeb({ url: `${ORIGIN}/some/page`, fetch, expectManifestSha256: manifestSha256 });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ origin: ORIGIN, verifiedAssets: 3, manifest: { app: '@coffre/web', buildId: 'build-1', sha256: manifestSha256, assets: 3 } });
    expect(report.pages).toEqual([
      { path: '/', assets: 3 },
      { path: '/login', assets: 3 },
      { path: '/signup', assets: 3 },
    ]);
  });

  it('reports an asset whose bytes changed, and the integrity attribute it no longer matches', async () => {
    const { fetch } = site({ files: { '/_next/static/chunks/app.js': 'console.log("evil")' } });
    const report = await verifyWeb({ url: ORIGIN, fetch, pages: ['/'] });
    expect(report.problems.map((problem) => [problem.kind, problem.url])).toEqual([
      ['digest-mismatch', `${ORIGIN}/_next/static/chunks/app.js`],
      ['integrity-mismatch', `${ORIGIN}/_next/static/chunks/app.js`],
    ]);
    expect(report.verifiedAssets).toBe(2);
  });

  it('reports a listed asset that is not served', async () => {
    const { fetch } = site({ listed: { '/_next/static/chunks/app.js': APP_JS, '/_next/static/css/app.css': STYLE, '/icon.svg': ICON, '/_next/static/chunks/gone.js': 'x' } });
    const withoutGone = (async (input: string | URL | Request) => (String(input).endsWith('/gone.js') ? new Response('', { status: 404 }) : fetch(input))) as typeof fetch;
    const report = await verifyWeb({ url: ORIGIN, fetch: withoutGone, pages: ['/'] });
    expect(report.problems).toEqual([{ kind: 'missing', url: `${ORIGIN}/_next/static/chunks/gone.js`, detail: 'answered 404' }]);
  });

  it('reports scripts that are not in the manifest, or come from another host', async () => {
    const page = `<script src="/_next/static/chunks/extra.js"></script><script src="https://cdn.example/x.js"></script><link rel="preload" as="script" href="//cdn.example/y.js">`;
    const { fetch } = site({ page, files: { '/_next/static/chunks/extra.js': 'extra' } });
    const report = await verifyWeb({ url: ORIGIN, fetch, pages: ['/'] });
    expect(report.problems.map((problem) => [problem.kind, problem.url])).toEqual([
      ['offsite', 'https://cdn.example/x.js'],
      ['offsite', 'https://cdn.example/y.js'],
      ['unlisted', `${ORIGIN}/_next/static/chunks/extra.js`],
    ]);
  });

  it('reports a manifest other than the expected one', async () => {
    const { fetch } = site();
    const report = await verifyWeb({ url: ORIGIN, fetch, pages: [], expectManifestSha256: 'a'.repeat(64) });
    expect(report.problems).toEqual([{ kind: 'manifest-pin', url: `${ORIGIN}/release-manifest.json`, detail: expect.stringContaining(`expected ${'a'.repeat(64)}`) }]);
  });

  it('reports a page that does not load', async () => {
    const { fetch } = site();
    const report = await verifyWeb({ url: ORIGIN, fetch, pages: ['/missing'] });
    expect(report.problems).toEqual([{ kind: 'page-unavailable', url: `${ORIGIN}/missing`, detail: 'answered 404' }]);
  });

  it('cannot verify a site without a manifest', async () => {
    const { fetch } = site({ files: { '/release-manifest.json': undefined as unknown as string } });
    await expect(verifyWeb({ url: ORIGIN, fetch })).rejects.toThrow(ManifestError);
  });

  it('refuses URLs that are not http(s)', async () => {
    await expect(verifyWeb({ url: 'file:///etc/passwd', fetch: site().fetch })).rejects.toThrow(TypeError);
  });
});

describe('parseReleaseManifest', () => {
  const valid = { format: 'coffre-release-manifest/v1', app: 'a', version: '1', buildId: 'b', algorithm: 'sha256', assets: { '/a.js': 'a'.repeat(64) } };
  it.each([
    ['not JSON', '{'],
    ['another format', JSON.stringify({ ...valid, format: 'v2' })],
    ['another algorithm', JSON.stringify({ ...valid, algorithm: 'md5' })],
    ['no build id', JSON.stringify({ ...valid, buildId: '' })],
    ['no assets', JSON.stringify({ ...valid, assets: {} })],
    ['a path to another host', JSON.stringify({ ...valid, assets: { '//evil.example/a.js': 'a'.repeat(64) } })],
    ['a path climbing out', JSON.stringify({ ...valid, assets: { '/../a.js': 'a'.repeat(64) } })],
    ['a relative path', JSON.stringify({ ...valid, assets: { 'a.js': 'a'.repeat(64) } })],
    ['a malformed digest', JSON.stringify({ ...valid, assets: { '/a.js': 'A'.repeat(64) } })],
  ])('refuses %s', (_name, text) => {
    expect(() => parseReleaseManifest(text)).toThrow(ManifestError);
  });

  it('reads a valid manifest', () => {
    expect(parseReleaseManifest(JSON.stringify(valid)).assets.get('/a.js')).toBe('a'.repeat(64));
  });
});

describe('pageAssets', () => {
  it('finds scripts, stylesheets, preloads and icons however their attributes are quoted, and nothing else', () => {
    const html = `<SCRIPT SRC=/a.js></SCRIPT><script>inline()</script><link rel="stylesheet preload" href='b.css' integrity="sha384-x">
      <link rel=canonical href=/c><link rel="modulepreload" href="/d.js"><img src="/e.png"><a href="/f.js">f</a>`;
    expect(pageAssets(html, 'https://x.example/dir/page')).toEqual([
      { url: 'https://x.example/a.js', from: 'script[src]', integrity: undefined },
      { url: 'https://x.example/dir/b.css', from: 'link[rel=stylesheet preload]', integrity: 'sha384-x' },
      { url: 'https://x.example/d.js', from: 'link[rel=modulepreload]', integrity: undefined },
      { url: 'https://x.example/e.png', from: 'img[src]', integrity: undefined },
    ]);
  });
});
