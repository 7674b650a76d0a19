// What `coffre` does before it talks to any server: help, version, usage errors, settings.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CoffreUser, coffreUser } from './support/coffre.js';
import { cliDir } from './support/paths.js';

const users: CoffreUser[] = [];
// Nothing listens there: these commands must not need a server.
const OFFLINE = 'http://127.0.0.1:9';

async function newUser(env: Record<string, string> = {}): Promise<CoffreUser> {
  const user = await coffreUser(OFFLINE, env);
  users.push(user);
  return user;
}

afterAll(async () => {
  await Promise.all(users.map((user) => user.remove()));
});

const COMMANDS = [
  'signup', 'login', 'logout', 'whoami', 'sessions', 'passwd', 'recovery-key',
  'mkdir', 'ls', 'put', 'get', 'mv', 'rm', 'restore', 'versions', 'share', 'links', 'unshare', 'shares', 'fetch',
  'contact', 'config', 'verify-web',
];
const SUBCOMMANDS = ['sessions list', 'sessions revoke', 'versions list', 'versions restore', 'shares list', 'shares accept'];

describe('help and version', () => {
  it('--help lists every command and exits 0', async () => {
    const result = await (await newUser()).run(['--help']);
    expect(result.code).toBe(0);
    for (const command of COMMANDS) expect(result.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  it.each(COMMANDS)('%s --help describes the command and exits 0', async (command) => {
    const result = await (await newUser()).run([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: coffre ${command}`));
  });

  it.each(SUBCOMMANDS)('%s --help describes the subcommand and exits 0', async (command) => {
    const result = await (await newUser()).run([...command.split(' '), '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: coffre ${command}`));
  });

  it('--version prints the package version', async () => {
    const { version } = JSON.parse(await readFile(path.join(cliDir, 'package.json'), 'utf8')) as { version: string };
    expect(await (await newUser()).run(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
  });
});

describe('usage errors exit 2 with one line', () => {
  it.each([
    [['frobnicate'], "coffre: unknown command 'frobnicate'"],
    [['login'], "coffre: missing required argument 'email'"],
    [['whoami', '--frob'], "coffre: unknown option '--frob'"],
    [['sessions', 'revoke'], "coffre: missing required argument 'id'"],
    [['get', '/a', '-n', 'two'], "coffre: option '-n, --number <n>' argument 'two' is invalid. must be a whole number from 1."],
    [['share', '/a', '--downloads', '0'], "coffre: option '--downloads <n>' argument '0' is invalid. must be a whole number from 1."],
    [['fetch', 'https://x.example/s/a#b'], "coffre: missing required argument 'out'"],
  ])('coffre %j', async (args, line) => {
    const result = await (await newUser()).run(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`${line}\n(run with --help for usage)\n`);
  });

  it('no command at all prints the help on stderr and exits 2', async () => {
    const result = await (await newUser()).run([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^Usage: coffre/);
  });

  it('--json: the usage error as one JSON object on stderr', async () => {
    const result = await (await newUser()).run(['frobnicate', '--json']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stderr)).toEqual({ error: { code: 'USAGE', message: "unknown command 'frobnicate'", exitCode: 2 } });
  });

  it('a --server that is not an http(s) URL', async () => {
    const result = await (await newUser()).run(['login', 'a@example.org', '--server', 'ftp://x'], { COFFRE_PASSWORD: 'x' });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('coffre: --server must be an http:// or https:// URL, not "ftp://x". [USAGE]\n');
  });

  it('an invalid COFFRE_SERVER', async () => {
    const result = await (await newUser({ COFFRE_SERVER: 'nonsense' })).run(['whoami']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('Invalid environment for coffre:\n  COFFRE_SERVER: must be a http:// or https:// URL\n');
  });
});

describe('config', () => {
  it('shows where things are and which server is used, and why', async () => {
    const user = await newUser();
    expect(await user.json(['config'])).toEqual({
      server: OFFLINE,
      serverSource: 'COFFRE_SERVER',
      configDir: user.configDir,
      stateDir: user.configDir,
      settingsFile: path.join(user.configDir, 'config.json'),
      sessionFile: path.join(user.configDir, 'session.json'),
      signedInAs: null,
    });
  });

  it('falls back on config.json, then on the local default', async () => {
    const user = await newUser({ COFFRE_SERVER: '' });
    expect(await user.json(['config'])).toMatchObject({ server: 'http://127.0.0.1:4000', serverSource: 'default' });
    await writeFile(path.join(user.configDir, 'config.json'), JSON.stringify({ server: 'https://coffre.example/' }));
    expect(await user.json(['config'])).toMatchObject({ server: 'https://coffre.example', serverSource: 'config.json' });
  });

  it('refuses a config.json that is not JSON, with exit 2', async () => {
    const user = await newUser({ COFFRE_SERVER: '' });
    await writeFile(path.join(user.configDir, 'config.json'), '{ server: nope');
    const result = await user.run(['login', 'a@example.org'], { COFFRE_PASSWORD: 'x' });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`coffre: ${path.join(user.configDir, 'config.json')} is not valid JSON. [USAGE]\n`);
  });
});
