// The web drive's release manifest and `coffre verify-web`, against the built app served by
// `next start` on loopback: the real build passes; the same build behind a proxy that alters one
// chunk, or injects a script from another host, fails with exit code 8 naming what differs.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appDir, webAppDir } from '../src/paths.ts';
import { type RunningApp, serveNextApp } from '../src/serve.ts';

/** The built CLI, run as people run it. */
const COFFRE_BIN = `${appDir('cli')}bin/coffre.js`;

let web: RunningApp;
const servers: Server[] = [];

beforeAll(async () => {
  // Pages render without the API; it only has to be a valid URL for the CSP.
  web = await serveNextApp(webAppDir(), { env: { COFFRE_API_URL: 'http://127.0.0.1:9' } });
}, 120_000);

afterAll(async () => {
  for (const server of servers) server.close();
  await web?.stop();
});

async function coffre(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [COFFRE_BIN, ...args], { env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}

/** A loopback proxy in front of the web app that lets `rewrite` change a response body. */
async function tamperingProxy(rewrite: (path: string, body: Buffer) => Buffer): Promise<string> {
  const server = createServer(async (request, response) => {
    const upstream = await fetch(`${web.url}${request.url}`, { redirect: 'manual' });
    const body = rewrite(request.url ?? '/', Buffer.from(await upstream.arrayBuffer()));
    response.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/octet-stream' });
    response.end(body);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('release manifest and coffre verify-web', () => {
  it('serves a manifest of every static asset, and the CLI finds the build is the release', async () => {
    const response = await fetch(`${web.url}/release-manifest.json`);
    expect(response.status).toBe(200);
    const manifest = (await response.json()) as { format: string; app: string; assets: Record<string, string> };
    expect(manifest).toMatchObject({ format: 'coffre-release-manifest/v1', app: '@coffre/web' });
    const paths = Object.keys(manifest.assets);
    expect(paths.some((path) => /^\/_next\/static\/chunks\/.+\.js$/.test(path))).toBe(true);
    expect(paths).toContain('/icon.svg');

    const result = await coffre(['verify-web', web.url, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { verifiedAssets: number; manifest: { assets: number; sha256: string }; problems: unknown[]; pages: { assets: number }[] };
    expect(report.problems).toEqual([]);
    expect(report.verifiedAssets).toBe(report.manifest.assets);
    expect(report.pages.every((page) => page.assets > 0)).toBe(true);

    // Pinned to the manifest's own digest, it passes; pinned to another, it fails.
    expect((await coffre(['verify-web', web.url, '--expect', report.manifest.sha256])).code).toBe(0);
    const pinned = await coffre(['verify-web', web.url, '--expect', 'f'.repeat(64)]);
    expect(pinned.code).toBe(8);
    expect(pinned.stdout).toContain('manifest-pin');
  }, 120_000);

  it('fails with exit code 8 when one chunk is altered in transit', async () => {
    const manifest = (await (await fetch(`${web.url}/release-manifest.json`)).json()) as { assets: Record<string, string> };
    const victim = Object.keys(manifest.assets).find((path) => path.endsWith('.js') && path.includes('/chunks/'))!;
    const proxy = await tamperingProxy((path, body) => (path.split('?')[0] === victim ? Buffer.concat([body, Buffer.from('\n;fetch("https://evil.example/")')]) : body));
    const result = await coffre(['verify-web', proxy]);
    expect(result.code).toBe(8);
    expect(result.stdout).toContain(`digest-mismatch: ${proxy}${victim}`);
    expect(result.stderr).toContain('does not serve the release it describes');
  }, 120_000);

  it('fails when a page loads a script from another host', async () => {
    const proxy = await tamperingProxy((path, body) =>
      path === '/login' ? Buffer.from(body.toString('utf8').replace('</head>', '<script src="https://cdn.evil.example/x.js"></script></head>')) : body,
    );
    const result = await coffre(['verify-web', proxy, '--page', '/login', '--json']);
    expect(result.code).toBe(8);
    const report = JSON.parse(result.stdout) as { problems: { kind: string; url: string }[] };
    expect(report.problems).toEqual([{ kind: 'offsite', url: 'https://cdn.evil.example/x.js', detail: expect.stringContaining('/login') }]);
  }, 120_000);
});
