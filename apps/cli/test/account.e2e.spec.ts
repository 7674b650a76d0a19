// The account commands of the real `coffre` against the real API: signup, login, logout,
// whoami, sessions, passwd, recovery-key, contact; their exit codes, one-line errors and JSON.
import { readdir, readFile, stat, writeFile, chmod } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiServer, startApi } from './support/api-server.js';
import { Users, uniqueEmail, uniquePassword } from './support/accounts.js';

let api: ApiServer;
const users = new Users(() => api.url);

beforeAll(async () => {
  api = await startApi();
});

afterAll(async () => {
  await users.removeAll();
  await api?.stop();
});

const newUser = (env: Record<string, string> = {}) => users.fresh(env);
const signedUpUser = (name: string) => users.signedUp(name);

const RECOVERY_KEY = /^[0-9A-Z]{5}(-[0-9A-Z]{5}){7}$/;

describe('signup', () => {
  it('creates the account, signs in, prints the recovery key once with a warning, and keeps the session 0600', async () => {
    const user = await newUser();
    const email = uniqueEmail('ada');
    const password = uniquePassword();

    const result = await user.run(['signup', email], { COFFRE_PASSWORD: password });

    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(`Account created for ${email} on ${api.url}; you are signed in.`);
    expect(result.stdout).toContain('shown this once, never stored anywhere');
    expect(result.stdout).toContain('a forgotten password means your files are lost for good');
    const recoveryKey = /^ {4}(\S+)$/m.exec(result.stdout)?.[1];
    expect(recoveryKey).toMatch(RECOVERY_KEY);

    const sessionFile = path.join(user.configDir, 'session.json');
    expect((await stat(sessionFile)).mode & 0o777).toBe(0o600);
    expect((await stat(user.configDir)).mode & 0o777).toBe(0o700);
    // Neither the password nor the recovery key is written anywhere.
    for (const file of await readdir(user.configDir)) {
      const text = await readFile(path.join(user.configDir, file), 'utf8');
      expect(text).not.toContain(password);
      expect(text).not.toContain(recoveryKey);
    }
    const session = JSON.parse(await readFile(sessionFile, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(session).sort()).toEqual(['accountId', 'email', 'keyBundle', 'rootKey', 'server', 'sessionId', 'token', 'version']);
    expect(session).toMatchObject({ version: 1, server: api.url, email });
  });

  it('--json: one object with the account, the session and the recovery key', async () => {
    const user = await newUser();
    const email = uniqueEmail('json');
    const result = await user.run(['signup', email, '--json'], { COFFRE_PASSWORD: uniquePassword() });

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      accountId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      email,
      server: api.url,
      sessionId: expect.any(String),
      recoveryKey: expect.stringMatching(RECOVERY_KEY),
    });
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('refuses an email that already has an account: exit 5, one line, and the existing session is kept', async () => {
    const { user, email } = await signedUpUser('taken');

    const result = await user.run(['signup', email], { COFFRE_PASSWORD: uniquePassword() });

    expect(result.code).toBe(5);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^coffre: .+ \[CONFLICT\]\n$/);
    expect((await user.json<{ email: string }>(['whoami'])).email).toBe(email);
  });

  it('refuses a malformed email with exit 2 and the API\'s explanation', async () => {
    const user = await newUser();
    const result = await user.run(['signup', 'not-an-email'], { COFFRE_PASSWORD: uniquePassword() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^coffre: .+ \[VALIDATION_FAILED\]\n$/);
  });

  it('without COFFRE_PASSWORD and no terminal, asks for neither and exits 2', async () => {
    const user = await newUser();
    const result = await user.run(['signup', uniqueEmail('nopw')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('coffre: No password: set COFFRE_PASSWORD, or run coffre in a terminal to be asked. [NO_SECRET]\n');
  });
});

describe('login, whoami, logout', () => {
  it('signs in on a fresh configuration directory, shows the account, and signs out', async () => {
    const { email, password, accountId } = await signedUpUser('grace');
    const user = await newUser();

    const login = await user.run(['login', email], { COFFRE_PASSWORD: password });
    expect(login).toMatchObject({ code: 0, stdout: `Signed in as ${email} on ${api.url}.\n`, stderr: '' });

    const whoami = await user.run(['whoami']);
    expect(whoami.code).toBe(0);
    expect(whoami.stdout).toMatch(new RegExp(`^email +${email.replace(/[.]/g, '\\.')}$`, 'm'));
    expect(whoami.stdout).toMatch(/^storage +0 B of .+ used$/m);
    expect(whoami.stdout).toMatch(/^fingerprint +\d{5}( \d{5}){5}$/m);

    const logout = await user.run(['logout']);
    expect(logout).toMatchObject({ code: 0, stdout: `Signed out of ${email}.\n` });
    await expect(stat(path.join(user.configDir, 'session.json'))).rejects.toThrow();

    const after = await user.run(['whoami']);
    expect(after.code).toBe(3);
    expect(after.stderr).toBe('coffre: Not signed in: run `coffre login <email>` (or `coffre signup <email>`). [NOT_SIGNED_IN]\n');
    expect(accountId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('whoami --json: the account, the session and the fingerprint', async () => {
    const { user, email, accountId, sessionId } = await signedUpUser('whoami');
    expect(await user.json(['whoami'])).toEqual({
      email,
      accountId,
      server: api.url,
      sessionId,
      sessionExpiresAt: expect.any(String),
      usedBytes: 0,
      quotaBytes: expect.any(Number),
      fingerprint: expect.stringMatching(/^\d{5}( \d{5}){5}$/),
    });
  });

  it('a wrong password exits 3 with the API\'s one line, and keeps no session', async () => {
    const { email } = await signedUpUser('wrongpw');
    const user = await newUser();

    const result = await user.run(['login', email], { COFFRE_PASSWORD: 'not the password' });

    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^coffre: .+ \[UNAUTHENTICATED\]\n$/);
    await expect(stat(path.join(user.configDir, 'session.json'))).rejects.toThrow();
  });

  it('an unknown email fails exactly like a wrong password', async () => {
    const user = await newUser();
    const result = await user.run(['login', uniqueEmail('nobody')], { COFFRE_PASSWORD: 'whatever' });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^coffre: .+ \[UNAUTHENTICATED\]\n$/);
  });

  it('--json errors: one object on stderr with code, message, exit code and correlation id', async () => {
    const user = await newUser();
    const result = await user.run(['login', uniqueEmail('nobody'), '--json'], { COFFRE_PASSWORD: 'whatever' });
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(JSON.parse(result.stderr)).toEqual({
      error: { code: 'UNAUTHENTICATED', message: expect.any(String), exitCode: 3, correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
    });
  });

  it('--verbose adds the correlation id to the error line', async () => {
    const user = await newUser();
    const result = await user.run(['login', uniqueEmail('nobody'), '--verbose'], { COFFRE_PASSWORD: 'whatever' });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^coffre: .+ \[UNAUTHENTICATED\] \(correlation id [0-9a-f-]{36}\)\n$/);
  });

  it('logout when signed out says so and succeeds', async () => {
    const user = await newUser();
    expect(await user.run(['logout'])).toMatchObject({ code: 0, stdout: 'Not signed in.\n' });
  });

  it('logout --everywhere ends the sessions of other devices too', async () => {
    const { user, email, password } = await signedUpUser('everywhere');
    const laptop = await newUser();
    await laptop.json(['login', email], { COFFRE_PASSWORD: password });

    expect((await user.run(['logout', '--everywhere'])).code).toBe(0);

    const result = await laptop.run(['whoami']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('Your session has ended');
    // The dead session's keys do not stay on the laptop's disk.
    await expect(stat(path.join(laptop.configDir, 'session.json'))).rejects.toThrow();
  });

  it('refuses a --server other than the session\'s with exit 3', async () => {
    const { user } = await signedUpUser('otherserver');
    const result = await user.run(['whoami', '--server', 'http://127.0.0.1:9']);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(`coffre: Signed in to ${api.url}, not http://127.0.0.1:9: run \`coffre login <email> --server http://127.0.0.1:9\`. [NOT_SIGNED_IN]\n`);
  });

  it('exits 9 when the server cannot be reached', async () => {
    const user = await newUser({ COFFRE_SERVER: 'http://127.0.0.1:9' });
    const result = await user.run(['login', uniqueEmail('offline')], { COFFRE_PASSWORD: 'whatever' });
    expect(result.code).toBe(9);
    expect(result.stderr).toBe('coffre: The Coffre API could not be reached. [NETWORK_ERROR]\n');
  });

  it('refuses a session file that other users can read (exit 1) and does not use it', async () => {
    const { user } = await signedUpUser('loose');
    const file = path.join(user.configDir, 'session.json');
    await chmod(file, 0o644);
    const result = await user.run(['whoami']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`coffre: ${file} is accessible to other users; run \`chmod 600 ${file}\` if you trust its contents, or delete it. [UNSAFE_FILE]\n`);
  });

  it('refuses a session whose key bundle was tampered with (exit 8)', async () => {
    const { user } = await signedUpUser('tampered');
    const file = path.join(user.configDir, 'session.json');
    const session = JSON.parse(await readFile(file, 'utf8')) as { rootKey: string };
    const rootKey = Buffer.from(session.rootKey, 'base64url');
    rootKey[0]! ^= 1;
    await writeFile(file, JSON.stringify({ ...session, rootKey: rootKey.toString('base64url') }), { mode: 0o600 });
    const result = await user.run(['whoami']);
    expect(result.code).toBe(8);
    expect(result.stderr).toMatch(/\[DECRYPT_FAILED\]\n$/);
  });
});

describe('sessions', () => {
  it('lists the account\'s sessions with this one marked, named by the CLI\'s user agent', async () => {
    const { user, email, password, sessionId } = await signedUpUser('sessions');
    const laptop = await newUser();
    const other = await laptop.json<{ sessionId: string }>(['login', email], { COFFRE_PASSWORD: password });

    const { sessions } = await user.json<{ sessions: { id: string; current: boolean; userAgent: string }[] }>(['sessions']);
    expect(sessions.map((session) => [session.id, session.current]).sort()).toEqual(
      [
        [sessionId, true],
        [other.sessionId, false],
      ].sort(),
    );
    expect(sessions.every((session) => session.userAgent.startsWith('coffre-cli/'))).toBe(true);

    const text = await user.run(['sessions', 'list']);
    expect(text.stdout.split('\n')[0]).toMatch(/^ +ID +CREATED +LAST SEEN +EXPIRES +IP +CLIENT$/);
    expect(text.stdout).toMatch(new RegExp(`^\\* +${sessionId}`, 'm'));
  });

  it('revoke ends another session; its holder is signed out on next use', async () => {
    const { user, email, password } = await signedUpUser('revoke');
    const laptop = await newUser();
    const other = await laptop.json<{ sessionId: string }>(['login', email], { COFFRE_PASSWORD: password });

    expect(await user.json(['sessions', 'revoke', other.sessionId])).toEqual({ revoked: other.sessionId, signedOut: false });

    expect((await laptop.run(['whoami'])).code).toBe(3);
    expect((await user.run(['whoami'])).code).toBe(0);
  });

  it('revoking this session signs out here too', async () => {
    const { user, sessionId } = await signedUpUser('revokeself');
    expect(await user.json(['sessions', 'revoke', sessionId])).toEqual({ revoked: sessionId, signedOut: true });
    await expect(stat(path.join(user.configDir, 'session.json'))).rejects.toThrow();
  });

  it('revoke of an unknown session exits 4', async () => {
    const { user } = await signedUpUser('revokeunknown');
    const result = await user.run(['sessions', 'revoke', '00000000-0000-4000-8000-000000000000']);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/\[NOT_FOUND\]\n$/);
  });
});

describe('passwd', () => {
  it('changes the password: the old one stops working, other sessions end, this one stays', async () => {
    const { user, email, password } = await signedUpUser('passwd');
    const laptop = await newUser();
    await laptop.json(['login', email], { COFFRE_PASSWORD: password });
    const next = uniquePassword();

    expect(await user.json(['passwd'], { COFFRE_PASSWORD: password, COFFRE_NEW_PASSWORD: next })).toEqual({ changed: true });

    expect((await user.run(['whoami'])).code).toBe(0);
    expect((await laptop.run(['whoami'])).code).toBe(3);
    expect((await laptop.run(['login', email], { COFFRE_PASSWORD: password })).code).toBe(3);
    expect((await laptop.run(['login', email], { COFFRE_PASSWORD: next })).code).toBe(0);
  });

  it('a wrong current password exits 3 and keeps the session', async () => {
    const { user } = await signedUpUser('passwdwrong');
    const result = await user.run(['passwd'], { COFFRE_PASSWORD: 'wrong', COFFRE_NEW_PASSWORD: uniquePassword() });
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('coffre: The current password is wrong. [WRONG_SECRET]\n');
    expect((await user.run(['whoami'])).code).toBe(0);
  });
});

describe('recovery-key', () => {
  it('recovers the account with the recovery key and a new password, and signs in', async () => {
    const { email, password, recoveryKey, accountId } = await signedUpUser('recover');
    const user = await newUser();
    const next = uniquePassword();

    const result = await user.json(['recovery-key', email], { COFFRE_RECOVERY_KEY: recoveryKey, COFFRE_NEW_PASSWORD: next });

    expect(result).toEqual({ accountId, email, server: api.url, sessionId: expect.any(String) });
    expect((await user.json<{ accountId: string }>(['whoami'])).accountId).toBe(accountId);
    const other = await newUser();
    expect((await other.run(['login', email], { COFFRE_PASSWORD: password })).code).toBe(3);
    expect((await other.run(['login', email], { COFFRE_PASSWORD: next })).code).toBe(0);
  });

  it('a wrong recovery key exits 3 and changes nothing', async () => {
    const { email, password } = await signedUpUser('recoverwrong');
    const other = await signedUpUser('recoverother');
    const user = await newUser();

    const result = await user.run(['recovery-key', email], { COFFRE_RECOVERY_KEY: other.recoveryKey, COFFRE_NEW_PASSWORD: uniquePassword() });

    expect(result.code).toBe(3);
    expect(result.stderr).toBe('coffre: That recovery key does not open this account. [WRONG_SECRET]\n');
    expect((await user.run(['login', email], { COFFRE_PASSWORD: password })).code).toBe(0);
  });

  it('a mistyped recovery key exits 2 before anything is sent', async () => {
    const user = await newUser();
    const result = await user.run(['recovery-key', uniqueEmail('typo')], { COFFRE_RECOVERY_KEY: 'ABCDE-12345', COFFRE_NEW_PASSWORD: uniquePassword() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/That is not a recovery key.+\[USAGE\]\n$/);
  });

  it('an unknown email exits 4', async () => {
    const { recoveryKey } = await signedUpUser('recoverunknown');
    const user = await newUser();
    const result = await user.run(['recovery-key', uniqueEmail('nobody')], { COFFRE_RECOVERY_KEY: recoveryKey, COFFRE_NEW_PASSWORD: uniquePassword() });
    expect(result.code).toBe(4);
  });
});

describe('contact', () => {
  it('pins a contact\'s keys on first sight, then verifies them; a changed pin exits 11 until --trust', async () => {
    const alice = await signedUpUser('alice');
    const bob = await signedUpUser('bob');
    const bobFingerprint = (await bob.user.json<{ fingerprint: string }>(['whoami'])).fingerprint;

    expect(await alice.user.json(['contact', bob.email])).toEqual({ email: bob.email, accountId: bob.accountId, fingerprint: bobFingerprint, status: 'pinned' });
    expect(await alice.user.json(['contact', bob.email])).toMatchObject({ status: 'verified' });

    // What alice's client would see if the server swapped bob's keys: a pin that does not match.
    const pinsFile = path.join(alice.user.configDir, 'pins.json');
    await writeFile(pinsFile, JSON.stringify({ [bob.email]: '00'.repeat(32) }), { mode: 0o600 });
    const changed = await alice.user.run(['contact', bob.email]);
    expect(changed.code).toBe(11);
    expect(changed.stderr).toBe(
      `coffre: The keys of ${bob.email} changed since you verified them: new fingerprint ${bobFingerprint}. Compare it with ${bob.email} in person or by phone, then run \`coffre contact ${bob.email} --trust "${bobFingerprint}"\`. [KEY_CHANGED]\n`,
    );

    const wrong = await alice.user.run(['contact', bob.email, '--trust', '11111 11111 11111 11111 11111 11111']);
    expect(wrong.code).toBe(3);
    expect((await alice.user.run(['contact', bob.email])).code).toBe(11);

    expect(await alice.user.json(['contact', bob.email, '--trust', bobFingerprint])).toMatchObject({ status: 'trusted' });
    expect(await alice.user.json(['contact', bob.email])).toMatchObject({ status: 'verified' });
  });

  it('an email without an account exits 4', async () => {
    const { user } = await signedUpUser('lonely');
    expect((await user.run(['contact', uniqueEmail('nobody')])).code).toBe(4);
  });
});
