// `coffre` at a terminal: secrets are asked without echo, twice for a new password, and never
// taken when nobody is there to type them.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiServer, startApi } from './support/api-server.js';
import { runOnTerminal } from './support/terminal.js';

let api: ApiServer;
const dirs: string[] = [];

beforeAll(async () => {
  api = await startApi();
});

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  await api?.stop();
});

async function configDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'coffre-cli-tty-'));
  dirs.push(dir);
  return dir;
}

describe('on a terminal', () => {
  it('signup asks for the password twice without echoing it, then login asks once', async () => {
    const dir = await configDir();
    const env = { COFFRE_CONFIG_DIR: dir, HOME: dir, COFFRE_SERVER: api.url };
    const email = `tty-${randomBytes(4).toString('hex')}@example.org`;
    const password = `typed ${randomBytes(4).toString('hex')} secret`;

    const signup = runOnTerminal(['signup', email], env);
    await signup.waitFor('Password: ');
    signup.type(`${password}\r`);
    await signup.waitFor('Repeat password: ');
    signup.type(`${password}\r`);
    expect(await signup.exited).toBe(0);
    expect(signup.screen()).toContain(`Account created for ${email}`);
    expect(signup.screen()).not.toContain(password);

    const logout = runOnTerminal(['logout'], env);
    expect(await logout.exited).toBe(0);

    const login = runOnTerminal(['login', email], env);
    await login.waitFor('Password: ');
    // Backspace edits what was typed, as in any password prompt.
    login.type(`${password}x\x7f\r`);
    expect(await login.exited).toBe(0);
    expect(login.screen()).toContain(`Signed in as ${email}`);
    expect(login.screen()).not.toContain(password);
  });

  it('two different entries of a new password exit 2 and create nothing', async () => {
    const dir = await configDir();
    const run = runOnTerminal(['signup', `tty-${randomBytes(4).toString('hex')}@example.org`], { COFFRE_CONFIG_DIR: dir, HOME: dir, COFFRE_SERVER: api.url });
    await run.waitFor('Password: ');
    run.type('first entry\r');
    await run.waitFor('Repeat password: ');
    run.type('second entry\r');
    expect(await run.exited).toBe(2);
    expect(run.screen()).toContain('coffre: The two entries did not match. [USAGE]');
  });

  it('Ctrl-C at the prompt exits 130', async () => {
    const dir = await configDir();
    const run = runOnTerminal(['login', 'someone@example.org'], { COFFRE_CONFIG_DIR: dir, HOME: dir, COFFRE_SERVER: api.url });
    await run.waitFor('Password: ');
    run.type('\x03');
    expect(await run.exited).toBe(130);
  });

  it('put and get draw a progress bar (bytes, MB/s, ETA) on the terminal; --quiet draws none', async () => {
    const dir = await configDir();
    const env = { COFFRE_CONFIG_DIR: dir, HOME: dir, COFFRE_SERVER: api.url, COFFRE_PASSWORD: 'progress bar password' };
    expect(await runOnTerminal(['signup', `bar-${randomBytes(4).toString('hex')}@example.org`], env).exited).toBe(0);
    const file = path.join(dir, 'big.bin');
    await writeFile(file, randomBytes(20 * 1024 * 1024));

    const put = runOnTerminal(['put', file], env);
    expect(await put.exited).toBe(0);
    expect(put.screen()).toMatch(/put \/big\.bin \[[#.]{24}\] +\d+% [\d.]+ MiB\/20\.0 MiB [\d.]+ MB\/s ETA/);
    expect(put.screen()).toContain('/big.bin  20.0 MiB  version 1');

    const get = runOnTerminal(['get', '/big.bin', path.join(dir, 'copy.bin')], env);
    expect(await get.exited).toBe(0);
    expect(get.screen()).toMatch(/get \/big\.bin \[[#.]{24}\]/);

    const quiet = runOnTerminal(['get', '/big.bin', path.join(dir, 'quiet.bin'), '--quiet'], env);
    expect(await quiet.exited).toBe(0);
    expect(quiet.screen()).not.toContain('MB/s');
  });

  it('fetch asks for the password of a protected link, without echo', async () => {
    const dir = await configDir();
    const env = { COFFRE_CONFIG_DIR: dir, HOME: dir, COFFRE_SERVER: api.url, COFFRE_PASSWORD: 'link owner password' };
    expect(await runOnTerminal(['signup', `links-${randomBytes(4).toString('hex')}@example.org`], env).exited).toBe(0);
    await writeFile(path.join(dir, 'secret.txt'), 'the secret plans');
    expect(await runOnTerminal(['put', path.join(dir, 'secret.txt')], env).exited).toBe(0);
    const share = runOnTerminal(['share', '/secret.txt', '--password', '--json'], { ...env, COFFRE_LINK_PASSWORD: 'swordfish' });
    expect(await share.exited).toBe(0);
    const url = /"url":"([^"]+)"/.exec(share.screen())![1]!;

    const stranger = await configDir();
    const out = path.join(stranger, 'plans.txt');
    const fetch = runOnTerminal(['fetch', url, out], { COFFRE_CONFIG_DIR: stranger, HOME: stranger, COFFRE_SERVER: api.url });
    await fetch.waitFor('Link password: ');
    fetch.type('swordfish\r');
    expect(await fetch.exited).toBe(0);
    expect(fetch.screen()).not.toContain('swordfish');
    expect(await readFile(out, 'utf8')).toBe('the secret plans');
  });

  it('COFFRE_PASSWORD wins over the prompt, so scripts run unattended on a terminal too', async () => {
    const dir = await configDir();
    const run = runOnTerminal(['login', `nobody-${randomBytes(4).toString('hex')}@example.org`], {
      COFFRE_CONFIG_DIR: dir,
      HOME: dir,
      COFFRE_SERVER: api.url,
      COFFRE_PASSWORD: 'from the environment',
    });
    expect(await run.exited).toBe(3);
    expect(run.screen()).not.toContain('Password: ');
  });
});
