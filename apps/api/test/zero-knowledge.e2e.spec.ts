// Zero knowledge of the drive, end to end: two shipped API processes (`node dist/main.js`, logs
// at trace level) on one Postgres, one Redis and three backends (two directories, an S3 bucket).
// Accounts fill a drive through the SDK and through the `coffre` CLI with files whose names,
// content and metadata carry markers, share them by password-protected links and with another
// account, and read everything back through the other instance. Then the whole database, every
// backend, Redis and every log line are searched for each marker, key, password, link secret,
// recovery key and token, in every spelling. Another test plants some of those secrets in each
// place and checks that the same search finds them, so the first cannot pass by looking nowhere.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { type AccountKeys, openAccountKeyBundleWithRootKey } from '@coffre/crypto/account';
import { deriveLinkKeys, openLinkKey, parseLinkUrl } from '@coffre/crypto/link';
import { MIN_PASSWORD_COST, decodePasswordParams, deriveLinkPasswordKey } from '@coffre/crypto/password';
import { parseRecoveryKey } from '@coffre/crypto/recovery';
import { type TestDatabase } from '@coffre/db/testing';
import { bytesSource, createPublicLinkHttpApi, openLink } from '@coffre/sdk/drive';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiProcess, type BuiltDeployment, REDIS_URL, buildIfStale, startBuiltDeployment } from './support/built-deployment.js';
import { type CoffreMachine, type StoredCliSession, buildCli, coffreMachine } from './support/coffre-cli.js';
import { type DriveAccount, readStream, signUpWithDrive } from './support/drive-session.js';
import { type Evidence, type Leak, type Secret, bucketEvidence, databaseEvidence, directoryEvidence, findLeaks, redisEvidence, spellingsOf } from './support/leak-scan.js';
import { type StoredDriveKeys, storedDriveKeys } from './support/stored-drive-keys.js';

const apiDir = fileURLToPath(new URL('..', import.meta.url));
const LINK_BASE = 'https://coffre.example';

/** A string no code writes by chance, for one thing the server must never see in the clear. */
const marker = (what: string) => `zk-${what}-${randomBytes(8).toString('hex')}`;

/** A password-protected link a client made, as the client knows it. */
interface MadeLink {
  name: string;
  url: string;
  password: string;
}

/** What Ada (SDK, instance a) and Grace (SDK, instance b) did, and what only they know. */
interface SdkPart {
  ada: DriveAccount;
  grace: DriveAccount;
  folderId: string;
  shareId: string;
  links: MadeLink[];
  grants: string[];
  contentMarker: string;
  markers: Secret[];
}

/** What the CLI's laptop (instance a), desktop and a stranger (instance b) did, and what only they know. */
interface CliPart {
  email: string;
  password: string;
  recoveryKey: string;
  accountId: string;
  fileId: string;
  link: MadeLink & { id: string };
  sessions: { laptop: StoredCliSession; desktop: StoredCliSession };
  markers: Secret[];
}

/** Everything the scenario left for the checks. */
interface Scenario {
  sdk: SdkPart;
  cli: CliPart;
  secrets: Secret[];
  evidence: Evidence[];
  logs: { a: string; b: string };
  /** One unknown URL per instance, logged: for the self-check of the log capture. */
  canaries: { a: string; b: string };
  adaKeys: StoredDriveKeys;
}

/** The `METHOD url` of every request an instance logged. */
function requestsIn(log: string): string[] {
  return log
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg?: string; req?: { method: string; url: string } })
    .filter((entry) => entry.msg === 'incoming request' && entry.req !== undefined)
    .map((entry) => `${entry.req!.method} ${entry.req!.url}`);
}

/** A fetch that records the grant of every link opened through it. */
function recordingGrants(grants: string[]): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const url = new URL(input instanceof Request ? input.url : input);
    if (response.ok && /^\/api\/public\/links\/[^/]+\/open$/.test(url.pathname)) {
      grants.push(((await response.clone().json()) as { grant: string }).grant);
    }
    return response;
  };
}

/**
 * Ada, on instance a, makes a folder, a sub-folder and two files named after markers (content and
 * media type with markers too), links the file and the folder with passwords and shares the folder
 * with Grace. On instance b, Grace reads the file through the share and a stranger opens both links.
 */
async function driveThroughSdk(a: ApiProcess, b: ApiProcess): Promise<SdkPart> {
  const names = { folder: marker('folder-name'), sub: marker('folder-name'), report: `${marker('file-name')}.bin`, notes: `${marker('file-name')}.txt` };
  const contentMarker = marker('content');
  const notesMarker = marker('content');
  const mediaType = `application/x.${marker('metadata')}`;
  const sample = randomBytes(64); // content with no text in it
  const report = Buffer.concat([Buffer.from(`${contentMarker}\n`), randomBytes(700_000), sample, randomBytes(600_000), Buffer.from(contentMarker)]);
  const notes = Buffer.from(`Notes: ${notesMarker}, twice: ${notesMarker}.\n`);

  const [ada, grace] = await Promise.all([signUpWithDrive(a.url, 'ada'), signUpWithDrive(b.url, 'grace')]);
  const folder = await ada.drive.mkdir(await ada.drive.root(), names.folder);
  const sub = await ada.drive.mkdir(folder, names.sub);
  const uploaded = await ada.drive.upload(bytesSource(report, { mediaType, mtime: Date.now() }), { parent: folder, name: names.report, partSize: 1024 * 1024, chunkSize: 64 * 1024 });
  await ada.drive.upload(bytesSource(notes), { parent: sub, name: names.notes });
  const links: MadeLink[] = [
    { name: 'file link', url: '', password: `link password ${randomBytes(6).toString('hex')}` },
    { name: 'folder link', url: '', password: `folder link password ${randomBytes(6).toString('hex')}` },
  ];
  links[0]!.url = (await ada.drive.createLink(uploaded.node, { base: LINK_BASE, password: links[0]!.password, passwordCost: MIN_PASSWORD_COST, maxDownloads: 5 })).url;
  links[1]!.url = (await ada.drive.createLink(folder, { base: LINK_BASE, password: links[1]!.password, passwordCost: MIN_PASSWORD_COST })).url;
  const { share } = await ada.drive.share(folder, grace.email, 'read');

  await grace.drive.root(); // so that Grace's own drive has a key to look for too
  const sharedRoot = await grace.drive.acceptShare(share.id);
  const sharedFile = (await grace.drive.list(sharedRoot)).find((node) => node.kind === 'file');
  expect(sharedFile).toMatchObject({ name: names.report, mediaType });
  expect((await readStream((await grace.drive.download(sharedFile!)).stream)).equals(report)).toBe(true);

  const grants: string[] = [];
  const anonymous = createPublicLinkHttpApi({ baseUrl: b.url, fetch: recordingGrants(grants) });
  const openedFile = await openLink(anonymous, links[0]!.url, { password: links[0]!.password });
  expect((await readStream((await openedFile.download(openedFile.node)).stream)).equals(report)).toBe(true);
  const openedFolder = await openLink(anonymous, links[1]!.url, { password: links[1]!.password });
  const walked: Record<string, Buffer> = {};
  for await (const entry of openedFolder.walk()) walked[entry.path] = await readStream((await openedFolder.download(entry.node)).stream);
  expect(Object.keys(walked).sort()).toEqual([names.report, `${names.sub}/${names.notes}`].sort());
  expect(walked[`${names.sub}/${names.notes}`]?.equals(notes)).toBe(true);
  expect(grants).toHaveLength(2);

  const markers: Secret[] = [
    { name: 'folder name', value: names.folder },
    { name: 'sub-folder name', value: names.sub },
    { name: 'file name (report)', value: names.report },
    { name: 'file name (notes)', value: names.notes },
    { name: 'content marker (report)', value: contentMarker },
    { name: 'content marker (notes)', value: notesMarker },
    { name: 'content sample (binary)', value: sample },
    { name: 'metadata marker (media type)', value: mediaType },
  ];
  return { ada, grace, folderId: folder.id, shareId: share.id, links, grants, contentMarker, markers };
}

/**
 * With the real `coffre`: a laptop signs up and puts a file through instance a and links it with a
 * password; a desktop signs in to the same account and gets the file through instance b; a
 * stranger fetches the link through instance b.
 */
async function driveThroughCli(
  { a, b, database }: { a: ApiProcess; b: ApiProcess; database: TestDatabase },
  machine: (server: string) => Promise<CoffreMachine>,
  workDir: string,
): Promise<CliPart> {
  const email = `zk-cli-${randomBytes(5).toString('hex')}@example.org`;
  const password = `correct horse ${randomBytes(4).toString('hex')} battery staple`;
  const linkPassword = `cli link password ${randomBytes(6).toString('hex')}`;
  const name = `${marker('cli-file-name')}.bin`;
  const contentMarker = marker('cli-content');
  const bytes = Buffer.concat([Buffer.from(`${contentMarker}\n`), randomBytes(300_000), Buffer.from(contentMarker)]);
  await writeFile(path.join(workDir, name), bytes);

  const laptop = await machine(a.url);
  const signedUp = await laptop.json<{ recoveryKey: string; accountId: string }>(['signup', email], { COFFRE_PASSWORD: password });
  await laptop.json(['put', path.join(workDir, name), '/']);
  const shared = await laptop.json<{ url: string; link: { id: string } }>(['share', `/${name}`, '--password', '--link-base', LINK_BASE], { COFFRE_LINK_PASSWORD: linkPassword });

  const desktop = await machine(b.url);
  await desktop.json(['login', email], { COFFRE_PASSWORD: password });
  await desktop.json(['get', `/${name}`, path.join(workDir, 'from-desktop.bin')]);
  expect((await readFile(path.join(workDir, 'from-desktop.bin'))).equals(bytes)).toBe(true);

  const stranger = await machine(b.url);
  await stranger.json(['fetch', shared.url, path.join(workDir, 'from-link.bin')], { COFFRE_LINK_PASSWORD: linkPassword });
  expect((await readFile(path.join(workDir, 'from-link.bin'))).equals(bytes)).toBe(true);

  return {
    email,
    password,
    recoveryKey: signedUp.recoveryKey,
    accountId: signedUp.accountId,
    // The account's only file: its name is sealed, the server knows it by id and kind alone.
    fileId: (await database.prisma.node.findFirstOrThrow({ where: { ownerId: signedUp.accountId, kind: 'file' } })).id,
    link: { name: 'CLI link', url: shared.url, password: linkPassword, id: shared.link.id },
    sessions: { laptop: await laptop.storedSession(), desktop: await desktop.storedSession() },
    markers: [
      { name: 'file name (CLI)', value: name },
      { name: 'content marker (CLI)', value: contentMarker },
    ],
  };
}

/** A link's secret, password and every key derived from them; checks the stored wrap is the link's. */
async function linkSecrets(deployment: BuiltDeployment, link: MadeLink, nodeKeyOf: (ownerId: string, nodeId: string) => Uint8Array | undefined): Promise<Secret[]> {
  const { linkId, secret } = parseLinkUrl(link.url);
  const row = await deployment.database.prisma.link.findUniqueOrThrow({ where: { id: linkId } });
  const passwordKey = await deriveLinkPasswordKey(link.password, decodePasswordParams(row.passwordParams!));
  const keys = deriveLinkKeys(secret, passwordKey);
  const nodeKey = openLinkKey({ keyWrap: row.keyWrap, keys, binding: { ownerId: row.ownerId, nodeId: row.nodeId, linkId } });
  expect(Buffer.from(nodeKey).equals(Buffer.from(nodeKeyOf(row.ownerId, row.nodeId) ?? []))).toBe(true);
  return [
    { name: `${link.name}: secret (the URL fragment)`, value: secret },
    { name: `${link.name}: password`, value: link.password },
    { name: `${link.name}: password key`, value: passwordKey },
    { name: `${link.name}: wrapping key`, value: keys.wrappingKey },
    { name: `${link.name}: password wrapping key`, value: keys.passwordWrappingKey! },
    { name: `${link.name}: access token`, value: keys.accessToken },
  ];
}

/** An account's password, recovery key and the secret behind it, and its secret keys. */
function accountSecrets(label: string, account: { password: string; recoveryKey: string; keys: AccountKeys }): Secret[] {
  return [
    { name: `${label}: password`, value: account.password },
    { name: `${label}: recovery key`, value: account.recoveryKey },
    { name: `${label}: recovery key, compact`, value: account.recoveryKey.replaceAll('-', '') },
    { name: `${label}: recovery secret`, value: parseRecoveryKey(account.recoveryKey) },
    { name: `${label}: root key`, value: account.keys.rootKey },
    { name: `${label}: sharing secret key`, value: account.keys.sharing.secretKey },
    { name: `${label}: signing secret key`, value: account.keys.signing.secretKey },
  ];
}

/** Everything the service keeps: the database, every backend, Redis, and both instances' logs. */
async function collectEvidence(deployment: BuiltDeployment, logs: { a: string; b: string }): Promise<Evidence[]> {
  const [database, server, bucket, redis] = await Promise.all([
    databaseEvidence(deployment.database.url),
    directoryEvidence('server', deployment.serverDir),
    bucketEvidence('s3', deployment.s3Client, deployment.bucket),
    redisEvidence(REDIS_URL, deployment.redisKeyPrefix),
  ]);
  return [...database, ...server, ...bucket, ...redis, { source: 'log a', bytes: Buffer.from(logs.a) }, { source: 'log b', bytes: Buffer.from(logs.b) }];
}

/** Both clients at once, then both instances stopped, then every secret and every piece of evidence. */
async function runScenario(deployment: BuiltDeployment, a: ApiProcess, b: ApiProcess, machine: (server: string) => Promise<CoffreMachine>, workDir: string): Promise<Scenario> {
  const [sdk, cli] = await Promise.all([driveThroughSdk(a, b), driveThroughCli({ a, b, database: deployment.database }, machine, workDir)]);
  const canaries = { a: marker('canary-a'), b: marker('canary-b') };
  expect((await fetch(`${a.url}/api/nodes/${canaries.a}`)).status).toBeGreaterThanOrEqual(400);
  expect((await fetch(`${b.url}/api/nodes/${canaries.b}`)).status).toBeGreaterThanOrEqual(400);
  const [stoppedA, stoppedB] = await Promise.all([a.stop(), b.stop()]);
  expect([stoppedA.code, stoppedB.code]).toEqual([0, 0]);
  const logs = { a: stoppedA.stdout + stoppedA.stderr, b: stoppedB.stdout + stoppedB.stderr };

  // The keys behind the stored drive, opened from the stored wraps with each client's root key:
  // the CLI's live in its own process, and its session file is where a client keeps them.
  const { ada, grace } = sdk;
  const cliRootKey = new Uint8Array(Buffer.from(cli.sessions.laptop.rootKey, 'base64url'));
  const cliAccountKeys = openAccountKeyBundleWithRootKey(cli.sessions.laptop.keyBundle, { accountId: cli.accountId, rootKey: cliRootKey });
  const [adaKeys, graceKeys, cliKeys] = await Promise.all([
    storedDriveKeys(deployment.database, ada.accountId, ada.keys.rootKey),
    storedDriveKeys(deployment.database, grace.accountId, grace.keys.rootKey),
    storedDriveKeys(deployment.database, cli.accountId, cliRootKey),
  ]);
  // Ada: root, folder, sub-folder, two files with a version each; Grace: her root; the CLI: root and one file.
  expect([adaKeys.nodeKeys.size, adaKeys.fileKeys.size, graceKeys.nodeKeys.size, cliKeys.nodeKeys.size, cliKeys.fileKeys.size]).toEqual([5, 2, 1, 2, 1]);
  const nodeKeyOf = (ownerId: string, nodeId: string) => (ownerId === ada.accountId ? adaKeys : cliKeys).nodeKeys.get(nodeId);

  const secrets: Secret[] = [
    ...sdk.markers,
    ...cli.markers,
    ...[...adaKeys.nodeKeys, ...graceKeys.nodeKeys, ...cliKeys.nodeKeys].map(([id, key]) => ({ name: `node key ${id}`, value: key })),
    ...[...adaKeys.fileKeys, ...cliKeys.fileKeys].map(([id, key]) => ({ name: `file key ${id}`, value: key })),
    ...(await Promise.all([...sdk.links, cli.link].map((link) => linkSecrets(deployment, link, nodeKeyOf)))).flat(),
    ...sdk.grants.map((grant, index) => ({ name: `link grant ${index}`, value: grant })),
    ...accountSecrets('Ada', ada),
    ...accountSecrets('Grace', grace),
    ...accountSecrets('CLI account', { password: cli.password, recoveryKey: cli.recoveryKey, keys: cliAccountKeys }),
    { name: 'session token (Ada)', value: ada.token },
    { name: 'session token (Grace)', value: grace.token },
    { name: 'session token (CLI laptop)', value: cli.sessions.laptop.token },
    { name: 'session token (CLI desktop)', value: cli.sessions.desktop.token },
    { name: 'OPAQUE server setup', value: deployment.opaqueServerSetup },
  ];
  return { sdk, cli, secrets, evidence: await collectEvidence(deployment, logs), logs, canaries, adaKeys };
}

/** `secret | spelling | source`, numbered sources (bytea values) unnumbered. */
const describeLeaks = (leaks: readonly Leak[]) => leaks.map((leak) => `${leak.secret} | ${leak.spelling} | ${leak.source.replace(/ #\d+$/, '')}`);

describe('zero knowledge of the drive, with two API instances', () => {
  let deployment: BuiltDeployment | undefined;
  let workDir = '';
  const machines: CoffreMachine[] = [];
  let scenario: Scenario;

  beforeAll(async () => {
    await Promise.all([buildIfStale(apiDir, path.join(apiDir, 'dist', 'main.js')), buildCli()]);
    workDir = await mkdtemp(path.join(tmpdir(), 'coffre-zk-work-'));
    deployment = await startBuiltDeployment();
    const [a, b] = await Promise.all([deployment.start('a', { LOG_LEVEL: 'trace' }), deployment.start('b', { LOG_LEVEL: 'trace' })]);
    const machine = async (server: string) => {
      const made = await coffreMachine(server);
      machines.push(made);
      return made;
    };
    scenario = await runScenario(deployment, a, b, machine, workDir);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(machines.map((machine) => machine.remove()));
    await deployment?.close();
    if (workDir !== '') await rm(workDir, { recursive: true, force: true });
  });

  it('no marker, key, password, link secret, recovery key or token is in the database, any backend, Redis or the logs', () => {
    const { evidence, secrets, sdk, cli } = scenario;
    // The search looked at the real thing: the dump holds the accounts, links and share, the
    // backends and the bucket hold the ciphertext, Redis the queues and grants, the logs the requests.
    const dump = evidence.find((piece) => piece.source === 'database dump')!.bytes.toString();
    const linkIds = [...sdk.links, cli.link].map((link) => parseLinkUrl(link.url).linkId);
    for (const expected of [sdk.ada.email, sdk.grace.email, cli.email, sdk.folderId, sdk.shareId, cli.fileId, ...linkIds]) expect(dump).toContain(expected);
    expect(evidence.filter((piece) => piece.source.startsWith('database bytea')).length).toBeGreaterThan(20);
    for (const where of ['server/fs-a/', 'server/fs-b/', 's3/']) {
      const stored = evidence.filter((piece) => piece.source.startsWith(where));
      // The report in 2 parts, the notes and the CLI's file in 1 each: 4 objects in every backend.
      expect(stored.length, where).toBeGreaterThanOrEqual(4);
      expect(stored.reduce((total, piece) => total + piece.bytes.length, 0), where).toBeGreaterThan(1_600_000);
    }
    // Grants of the three links opened (two by the SDK, one by the CLI), kept under their hashes.
    expect(evidence.filter((piece) => piece.source.startsWith(`redis ${deployment!.redisKeyPrefix}link-grant:`))).toHaveLength(3);
    expect(requestsIn(scenario.logs.a).length + requestsIn(scenario.logs.b).length).toBeGreaterThan(50);
    expect(secrets.length).toBeGreaterThan(60);

    expect(describeLeaks(findLeaks(secrets, evidence))).toEqual([]);
  });

  it('the CLI uploaded through one instance, and its desktop and a stranger downloaded through the other', () => {
    const { logs, cli } = scenario;
    const [onA, onB] = [requestsIn(logs.a), requestsIn(logs.b)];
    const upload = new RegExp(`^POST /api/files/${cli.fileId}/uploads$`);
    const content = new RegExp(`^GET /api/files/${cli.fileId}/(versions/\\d+/)?content`);
    const open = `POST /api/public/links/${cli.link.id}/open`;
    expect(onA.filter((line) => upload.test(line))).toHaveLength(1);
    expect(onA.some((line) => /^PUT \/api\/uploads\/[^/]+\/parts\/0$/.test(line))).toBe(true);
    expect(onB.some((line) => content.test(line))).toBe(true);
    expect(onB).toContain(open);
    expect(onB.filter((line) => upload.test(line))).toEqual([]);
    expect(onA.filter((line) => content.test(line) || line === open)).toEqual([]);
  });

  it('the search finds a secret planted in the database, a backend, the bucket, Redis and the logs, in the spelling planted', async () => {
    const { secrets, canaries, adaKeys, sdk } = scenario;
    const [fileKeyVersionId, fileKey] = [...adaKeys.fileKeys][0]!;
    const redis = new Redis(REDIS_URL);
    try {
      // Text: a marker base64-encoded one byte into a blob; bytea: a file key as it is.
      const shifted = Buffer.concat([Buffer.from('z'), Buffer.from(sdk.contentMarker)]).toString('base64');
      await deployment!.database.prisma.$executeRawUnsafe('CREATE TABLE zk_planted (note text, data bytea)');
      await deployment!.database.prisma.$executeRawUnsafe(`INSERT INTO zk_planted VALUES ('${shifted}', '\\x${Buffer.from(fileKey).toString('hex')}'::bytea)`);
      await writeFile(path.join(deployment!.serverDir, 'fs-b', 'planted'), Buffer.concat([randomBytes(100), adaKeys.nodeKeys.get(sdk.folderId)!, randomBytes(100)]));
      await deployment!.s3Client.send(new PutObjectCommand({ Bucket: deployment!.bucket, Key: 'planted', Body: `see ${sdk.links[0]!.url}` }));
      await redis.set(`${deployment!.redisKeyPrefix}planted`, sdk.ada.token);
    } finally {
      redis.disconnect();
    }
    const evidence = await collectEvidence(deployment!, scenario.logs);
    const withCanaries = [...secrets, { name: 'canary a', value: canaries.a }, { name: 'canary b', value: canaries.b }];
    const linkSecret = secrets.find((secret) => secret.name === 'file link: secret (the URL fragment)')!.value;

    expect(new Set(describeLeaks(findLeaks(withCanaries, evidence)))).toEqual(
      new Set([
        'content marker (report) | base64@1 | database dump',
        `file key ${fileKeyVersionId} | hex | database dump`,
        `file key ${fileKeyVersionId} | raw | database bytea`,
        `node key ${sdk.folderId} | raw | server/fs-b/planted`,
        `file link: secret (the URL fragment) | ${base64urlSpelling(linkSecret)} | s3/planted`,
        `session token (Ada) | utf8 | redis ${deployment!.redisKeyPrefix}planted`,
        'canary a | utf8 | log a',
        'canary b | utf8 | log b',
      ]),
    );
  });
});

/**
 * The name the leak search reports for the base64url spelling of `value` at offset 0: base64's
 * when both spell it with the same characters (no `-` or `_` in it, about a quarter of 32-byte
 * secrets), since the search tries each distinct spelling once.
 */
function base64urlSpelling(value: string | Uint8Array): string {
  return spellingsOf(value).some((spelling) => spelling.name === 'base64url@0') ? 'base64url@0' : 'base64@0';
}

describe('the leak search', () => {
  it('finds a secret wherever it sits inside longer hex, base64 or base64url text, and nothing in unrelated bytes', () => {
    const key = randomBytes(32);
    const secrets = [{ name: 'key', value: key }];
    for (let before = 0; before < 6; before += 1) {
      const blob = Buffer.concat([randomBytes(before), key, randomBytes(5 - before)]);
      for (const encoding of ['hex', 'base64', 'base64url'] as const) {
        const found = findLeaks(secrets, [{ source: `${encoding} +${before}`, bytes: Buffer.from(`{"x":"${blob.toString(encoding)}"}`) }]);
        expect(found.length, `${encoding} +${before}`).toBeGreaterThan(0);
      }
    }
    expect(findLeaks([{ name: 'marker', value: 'zk-marker-0123456789' }], [{ source: 'url', bytes: Buffer.from('/x?q=zk-marker-0123456789') }])).toEqual([
      { secret: 'marker', spelling: 'utf8', source: 'url' },
    ]);
    expect(findLeaks(secrets, [{ source: 'noise', bytes: randomBytes(1 << 20) }])).toEqual([]);
    expect(() => findLeaks([{ name: 'short', value: 'hunter2' }], [])).toThrow(/too short/);
  });
});
