// When the API goes away under a signed-in user: every command says the server cannot be
// reached (exit 9), and the session survives, since nothing says it ended.
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiServer, startApi } from './support/api-server.js';
import { type SignedUpUser, Users } from './support/accounts.js';
import { TempDirs } from './support/files.js';

let api: ApiServer;
let url: string;
const users = new Users(() => url);
const dirs = new TempDirs();
let ada: SignedUpUser;
let work: string;

beforeAll(async () => {
  api = await startApi();
  url = api.url;
  ada = await users.signedUp('offline');
  work = await dirs.make();
  await writeFile(path.join(work, 'kept.txt'), 'kept');
  expect((await ada.user.run(['put', path.join(work, 'kept.txt')])).code).toBe(0);
  await api.stop();
});

afterAll(async () => {
  await users.removeAll();
  await dirs.removeAll();
});

describe('with the API down', () => {
  it.each([
    [['whoami']],
    [['ls']],
    [['get', '/kept.txt', '-']],
    [['put', 'kept.txt']],
    [['share', '/kept.txt']],
  ])('coffre %j exits 9 with one line', async (args) => {
    const result = await ada.user.run(args.map((arg) => (arg === 'kept.txt' ? path.join(work, arg) : arg)));
    expect(result.code).toBe(9);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('coffre: The Coffre API could not be reached. [NETWORK_ERROR]\n');
  });

  it('keeps the session, and logout still deletes it locally', async () => {
    await stat(path.join(ada.user.configDir, 'session.json'));
    const logout = await ada.user.run(['logout']);
    expect(logout.code).toBe(0);
    expect(logout.stderr).toBe('coffre: the server could not end the session (already ended, or unreachable); it was deleted here.\n');
    await expect(stat(path.join(ada.user.configDir, 'session.json'))).rejects.toThrow();
  });
});
