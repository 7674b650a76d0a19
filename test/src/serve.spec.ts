import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appDir } from './paths.ts';
import { AppNotBuiltError, findFreePort, serveNextApp } from './serve.ts';

const scratch: string[] = [];

afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('findFreePort', () => {
  it('returns a port that can be listened on', async () => {
    const port = await findFreePort();
    expect(port).toBeGreaterThan(1024);
    expect(port).toBeLessThan(65_536);
  });
});

describe('serveNextApp', () => {
  it('refuses an app that has not been built, naming the fix', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'coffre-unbuilt-'));
    scratch.push(dir);
    await expect(serveNextApp(dir)).rejects.toBeInstanceOf(AppNotBuiltError);
    await expect(serveNextApp(dir)).rejects.toThrow(/no production build.*next build/);
  });

  it('reports the server output when next start dies before answering', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'coffre-broken-'));
    scratch.push(dir);
    // The real Next.js, but a build ID with no build behind it: next start exits at once.
    const nextPackage = path.dirname(createRequire(path.join(appDir('web'), 'package.json')).resolve('next/package.json'));
    mkdirSync(path.join(dir, 'node_modules'));
    symlinkSync(nextPackage, path.join(dir, 'node_modules', 'next'));
    writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}');
    mkdirSync(path.join(dir, '.next'));
    writeFileSync(path.join(dir, '.next', 'BUILD_ID'), 'no-such-build');
    await expect(serveNextApp(dir, { startTimeoutMs: 20_000 })).rejects.toThrow(/next start exited with code \d+ before answering:\n./);
  });

  it('serves the built app on loopback, and stops it for good', async () => {
    const app = await serveNextApp(appDir('web'));
    expect(app.url).toBe(`http://127.0.0.1:${app.port}`);
    const response = await fetch(app.url);
    expect(response.status).toBe(200);
    await response.body?.cancel();

    await app.stop();
    await app.stop();
    await expect(fetch(app.url)).rejects.toThrow();
  });
});
