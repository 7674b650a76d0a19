// Bundled by esbuild into the page of keys.browser.spec.ts: envelopes, account keys, recovery,
// link passwords (hash-wasm), key shares (HPKE over WebCrypto), fingerprints, signatures,
// recovery proofs and the OPAQUE client (WebAssembly), exposed on window for the test.
import { openAccountKeyBundle } from '../../src/account.js';
import { bytesToHex, hexToBytes } from '../../src/bytes.js';
import { type EnvelopeBinding, type Purpose, openEnvelope, sealEnvelope } from '../../src/envelope.js';
import { accountFingerprint } from '../../src/fingerprint.js';
import { computePartMac, planPart } from '../../src/file/index.js';
import { deriveLinkKeys, linkAccessHash, openLinkKey, parseLinkUrl } from '../../src/link.js';
import { finishLogin, opaqueReady, startLogin } from '../../src/opaque.js';
import { decodePasswordParams, deriveLinkPasswordKey } from '../../src/password.js';
import { openRecoveryWrap, parseRecoveryKey } from '../../src/recovery.js';
import { revealRecoveryKey } from '../../src/recovery-escrow.js';
import { verifyRecoveryProof } from '../../src/recovery-proof.js';
import { type ShareBinding, openKeyShare, sealKeyShare } from '../../src/share.js';
import { type NodeRecord, verifyNodeRecord } from '../../src/signature.js';
import account from '../vectors/account.json' with { type: 'json' };
import envelope from '../vectors/envelope.json' with { type: 'json' };
import fingerprint from '../vectors/fingerprint.json' with { type: 'json' };
import link from '../vectors/link.json' with { type: 'json' };
import partMac from '../vectors/part-mac.json' with { type: 'json' };
import password from '../vectors/password.json' with { type: 'json' };
import recovery from '../vectors/recovery.json' with { type: 'json' };
import recoveryEscrow from '../vectors/recovery-escrow.json' with { type: 'json' };
import recoveryProof from '../vectors/recovery-proof.json' with { type: 'json' };
import share from '../vectors/share.json' with { type: 'json' };
import signature from '../vectors/signature.json' with { type: 'json' };

const errorCode = (error: unknown) => (error as { code?: string }).code ?? String(error);

let checked = 0;

/** Runs `check`, recording a failure (with the error code) instead of throwing. */
async function attempt(failures: string[], name: string, check: () => unknown): Promise<void> {
  checked++;
  try {
    if ((await check()) === false) failures.push(name);
  } catch (error) {
    failures.push(`${name}: ${errorCode(error)}`);
  }
}

/** Runs `run` and records a failure unless it throws a CryptoError with `code`. */
async function refused(failures: string[], name: string, code: string, run: () => unknown): Promise<void> {
  checked++;
  const actual = await Promise.resolve()
    .then(run)
    .then(() => 'accepted', errorCode);
  if (actual !== code) failures.push(`${name}: ${actual}, expected ${code}`);
}

function hexRecord(record: (typeof signature.valid)[number]['record']): NodeRecord {
  return { ...record, nameHash: hexToBytes(record.nameHash), metadataHash: hexToBytes(record.metadataHash), wrappedKeyHash: hexToBytes(record.wrappedKeyHash) };
}

const api = {
  /** Every committed vector of this package, except the file format's, positive and negative. */
  async checkVectors(): Promise<{ checked: number; failures: string[] }> {
    const failures: string[] = [];
    checked = 0;
    for (const v of envelope.valid) {
      await attempt(failures, `envelope ${v.name}`, () => bytesToHex(openEnvelope(hexToBytes(v.parentKey), v.purpose as Purpose, v.binding, hexToBytes(v.envelope))) === v.plaintext);
    }
    for (const v of envelope.invalid) {
      await refused(failures, `envelope ${v.name}`, v.error, () => openEnvelope(hexToBytes(v.parentKey), v.purpose as Purpose, v.binding as EnvelopeBinding, hexToBytes(v.envelope)));
    }
    for (const v of account.valid) {
      await attempt(failures, `account ${v.name}`, () => bytesToHex(openAccountKeyBundle(v.bundle, { accountId: v.accountId, exportKey: hexToBytes(v.exportKey) }).rootKey) === v.keys.rootKey);
    }
    for (const v of account.invalid) {
      await refused(failures, `account ${v.name}`, v.error, () => openAccountKeyBundle(v.bundle, { accountId: v.accountId, exportKey: hexToBytes(v.exportKey) }));
    }
    for (const v of recovery.valid) {
      await attempt(failures, `recovery ${v.name}`, () => bytesToHex(openRecoveryWrap(hexToBytes(v.wrap), v.text, v.accountId)) === v.rootKey);
    }
    for (const v of recovery.typos) await refused(failures, `recovery typo ${v.name}`, v.error, () => parseRecoveryKey(v.input));
    for (const v of recovery.invalid) await refused(failures, `recovery ${v.name}`, v.error, () => openRecoveryWrap(hexToBytes(v.wrap), v.text, v.accountId));
    const reveal = (v: (typeof recoveryEscrow.invalid)[number]) =>
      revealRecoveryKey({ escrow: hexToBytes(v.escrow), recoveryWrap: hexToBytes(v.recoveryWrap), rootKey: hexToBytes(v.rootKey), accountId: v.accountId });
    for (const v of recoveryEscrow.valid) await attempt(failures, `recovery escrow ${v.name}`, () => reveal({ ...v, error: '' }) === v.text);
    for (const v of recoveryEscrow.invalid) await refused(failures, `recovery escrow ${v.name}`, v.error, () => reveal(v));
    for (const v of password.valid) {
      await attempt(failures, `password ${v.name}`, async () => bytesToHex(await deriveLinkPasswordKey(v.password, decodePasswordParams(hexToBytes(v.params)))) === v.key);
    }
    for (const v of password.invalid) await refused(failures, `password ${v.name}`, v.error, () => decodePasswordParams(hexToBytes(v.params)));
    for (const v of share.valid) {
      await attempt(failures, `share ${v.name}`, async () => {
        const opened = await openKeyShare({
          binding: v.binding as ShareBinding,
          share: hexToBytes(v.share),
          recipientSecretKey: hexToBytes(v.recipientSecretKey),
          senderSigningPublicKey: hexToBytes(v.senderSigningPublicKey),
        });
        return bytesToHex(opened) === v.key;
      });
    }
    for (const v of share.invalid) {
      await refused(failures, `share ${v.name}`, v.error, () =>
        openKeyShare({
          binding: v.binding as ShareBinding,
          share: hexToBytes(v.share),
          recipientSecretKey: hexToBytes(v.recipientSecretKey),
          senderSigningPublicKey: hexToBytes(v.senderSigningPublicKey),
        }),
      );
    }
    for (const v of fingerprint.valid) {
      await attempt(failures, `fingerprint ${v.name}`, () => accountFingerprint({ sharing: hexToBytes(v.sharing), signing: hexToBytes(v.signing) }).display === v.display);
    }
    for (const v of signature.valid) {
      await attempt(failures, `signature ${v.name}`, () => verifyNodeRecord(hexRecord(v.record), hexToBytes(v.signature), hexToBytes(v.publicKey)));
    }
    for (const v of signature.invalid) {
      await refused(failures, `signature ${v.name}`, v.error, () => verifyNodeRecord(hexRecord(v.record), hexToBytes(v.signature), hexToBytes(v.publicKey)));
    }
    for (const v of recoveryProof.valid) {
      const subject = { ...v.subject, challenge: hexToBytes(v.subject.challenge) };
      await attempt(failures, `recovery proof ${v.name}`, () => verifyRecoveryProof(subject, hexToBytes(v.signature), hexToBytes(v.publicKey)));
    }
    for (const v of recoveryProof.invalid) {
      const subject = { ...v.subject, challenge: hexToBytes(v.subject.challenge) };
      await refused(failures, `recovery proof ${v.name}`, v.error, () => verifyRecoveryProof(subject, hexToBytes(v.signature), hexToBytes(v.publicKey)));
    }
    for (const v of link.valid) {
      const passwordKey = 'passwordKey' in v && v.passwordKey !== undefined ? hexToBytes(v.passwordKey) : undefined;
      await attempt(failures, `link ${v.name}`, () => {
        const keys = deriveLinkKeys(hexToBytes(v.secret), passwordKey);
        const opened = openLinkKey({ keyWrap: hexToBytes(v.keyWrap), keys, binding: v.binding });
        return bytesToHex(opened) === v.nodeKey && bytesToHex(linkAccessHash(keys.accessToken)) === v.accessHash;
      });
    }
    for (const v of link.invalid) {
      const keys = deriveLinkKeys(hexToBytes(v.secret), v.passwordKey === null ? undefined : hexToBytes(v.passwordKey));
      await refused(failures, `link ${v.name}`, v.error, () => openLinkKey({ keyWrap: hexToBytes(v.keyWrap), keys, binding: v.binding }));
    }
    for (const v of link.urls.valid) await attempt(failures, `link URL ${v.url}`, () => parseLinkUrl(v.url).linkId === v.linkId);
    for (const v of link.urls.invalid) await refused(failures, `link URL ${v.name}`, v.error, () => parseLinkUrl(v.url));
    for (const file of partMac.valid) {
      const plaintext = new Uint8Array(file.plaintextLength).map((_, i) => (i * 31 + 7) & 0xff);
      for (const part of file.parts) {
        await attempt(failures, `part MAC ${file.name} part ${part.part}`, async () => {
          const plan = planPart({ chunkSize: partMac.chunkSize, plaintextLength: file.plaintextLength }, partMac.partSize, part.part);
          const input = { fileKey: hexToBytes(partMac.fileKey), salt: hexToBytes(partMac.salt), part: part.part, start: plan.start, end: plan.end };
          return plan.start === part.start && plan.end === part.end && bytesToHex(await computePartMac(input, plaintext.subarray(plan.start, plan.end))) === part.mac;
        });
      }
    }
    return { checked, failures };
  },

  /** Seals an envelope and a key share in the browser, for Node to open. */
  async sealForNode(input: { parentKey: string; binding: EnvelopeBinding; shareBinding: ShareBinding; key: string; recipientPublicKey: string; senderSigningKey: string }) {
    return {
      envelope: bytesToHex(sealEnvelope(hexToBytes(input.parentKey), 'node-name', input.binding, new TextEncoder().encode('from the browser'))),
      share: bytesToHex(
        await sealKeyShare({
          binding: input.shareBinding,
          key: hexToBytes(input.key),
          recipientPublicKey: hexToBytes(input.recipientPublicKey),
          senderSigningKey: hexToBytes(input.senderSigningKey),
        }),
      ),
    };
  },

  /** OPAQUE client, first step: the state stays in the page, the request goes to the server. */
  pendingLogins: new Map<string, string>(),
  async opaqueStartLogin(password: string): Promise<string> {
    await opaqueReady;
    const { state, request } = await startLogin(password);
    api.pendingLogins.set(request, state);
    return request;
  },
  /** OPAQUE client, second step: returns the export key (hex) and the finish request, or the error code. */
  async opaqueFinishLogin(password: string, request: string, response: string): Promise<{ exportKey: string; finishRequest: string } | string> {
    try {
      const result = await finishLogin({ password, state: api.pendingLogins.get(request)!, response });
      return { exportKey: bytesToHex(result.exportKey), finishRequest: result.finishRequest };
    } catch (error) {
      return errorCode(error);
    }
  },
};

export type CoffreKeysApi = typeof api;
(globalThis as unknown as { coffreKeys: CoffreKeysApi }).coffreKeys = api;
