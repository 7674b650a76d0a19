// Writes test/vectors/link.json: `node --import tsx test/vectors/generate-link.ts`.
// Inputs are fixed and randomness is deterministic, so the output is the same on every run.
import { installDeterministicRandom } from './deterministic-random.js';

installDeterministicRandom('coffre/vectors/link');

const { MIN_PASSWORD_COST, createPasswordParams, deriveLinkPasswordKey, encodePasswordParams } = await import('../../src/password.js');
const { deriveLinkKeys, linkAccessHash, sealLinkKey, formatLinkUrl } = await import('../../src/link.js');
const { hex, unhex, flipBit } = await import('../support/bytes.js');
const { referenceLinkKeys, referenceOpenLinkKey } = await import('./reference.js');
const { writeVectors } = await import('./vector-files.js');

const secret = unhex('f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405060708090a0b0c0d0e0f');
const otherSecret = unhex('0f0e0d0c0b0a09080706050403020100fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0');
const nodeKey = unhex('a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf');
const binding = { ownerId: 'acct_3f9d2c', nodeId: 'node_7a1e', linkId: 'AAECAwQFBgcICQoLDA0ODw' };
const password = 'correct horse battery staple';
const params = createPasswordParams(MIN_PASSWORD_COST);
const passwordKey = await deriveLinkPasswordKey(password, params);
const wrongPasswordKey = await deriveLinkPasswordKey(`${password}!`, params);

function derivation(name: string, withPassword: boolean) {
  const keys = deriveLinkKeys(secret, withPassword ? passwordKey : undefined);
  const reference = referenceLinkKeys(secret, withPassword ? passwordKey : undefined);
  if (hex(reference.accessToken) !== hex(keys.accessToken)) throw new Error('reference disagrees on the access token');
  const keyWrap = sealLinkKey({ nodeKey, keys, binding });
  if (hex(referenceOpenLinkKey({ keyWrap, secret, ...(withPassword && { passwordKey }), ...binding })) !== hex(nodeKey)) throw new Error('reference cannot open');
  return {
    name,
    secret: hex(secret),
    ...(withPassword && { password, passwordParams: hex(encodePasswordParams(params)), passwordKey: hex(passwordKey) }),
    binding,
    nodeKey: hex(nodeKey),
    wrappingKey: hex(keys.wrappingKey),
    ...(withPassword && { passwordWrappingKey: hex(keys.passwordWrappingKey!) }),
    accessToken: hex(keys.accessToken),
    accessHash: hex(linkAccessHash(keys.accessToken)),
    keyWrap: hex(keyWrap),
  };
}

const plain = derivation('link without a password', false);
const protectedLink = derivation('link with a password (Argon2id at the floor cost)', true);

const invalid = [
  { name: 'wrong secret', wrap: plain, secret: hex(otherSecret) },
  { name: 'wrong password', wrap: protectedLink, passwordKey: hex(wrongPasswordKey) },
  { name: 'password-protected wrap opened without the password', wrap: protectedLink, passwordKey: null },
  { name: 'plain wrap opened with a password', wrap: plain, passwordKey: hex(passwordKey) },
  { name: 'wrap of another link', wrap: plain, binding: { ...binding, linkId: 'BBECAwQFBgcICQoLDA0ODw' } },
  { name: 'wrap of another node', wrap: plain, binding: { ...binding, nodeId: 'node_other' } },
  { name: 'wrap of another owner', wrap: protectedLink, binding: { ...binding, ownerId: 'acct_other' } },
  { name: 'tag modified', wrap: plain, keyWrap: hex(flipBit(unhex(plain.keyWrap), unhex(plain.keyWrap).length * 8 - 1)) },
].map(({ name, wrap, ...override }) => ({
  name,
  secret: override.secret ?? wrap.secret,
  passwordKey: override.passwordKey === undefined ? (wrap.passwordKey ?? null) : override.passwordKey,
  binding: override.binding ?? binding,
  keyWrap: override.keyWrap ?? wrap.keyWrap,
  error: 'DECRYPT_FAILED',
}));

const linkId = binding.linkId;
const encodedSecret = Buffer.from(secret).toString('base64url');
const urls = {
  valid: [
    { url: formatLinkUrl('https://coffre.example', linkId, secret), base: 'https://coffre.example' },
    { url: formatLinkUrl('https://example.org/coffre/', linkId, secret), base: 'https://example.org/coffre' },
    { url: formatLinkUrl('http://127.0.0.1:3000', linkId, secret), base: 'http://127.0.0.1:3000' },
  ].map((entry) => ({ ...entry, linkId, secret: hex(secret) })),
  invalid: [
    { name: 'not a URL', url: 'coffre.example/s/x' },
    { name: 'another scheme', url: `ftp://coffre.example/s/${linkId}#${encodedSecret}` },
    { name: 'no fragment', url: `https://coffre.example/s/${linkId}` },
    { name: 'empty fragment', url: `https://coffre.example/s/${linkId}#` },
    { name: 'secret cut short', url: `https://coffre.example/s/${linkId}#${encodedSecret.slice(0, 40)}` },
    { name: 'secret too long', url: `https://coffre.example/s/${linkId}#${encodedSecret}A` },
    { name: 'secret with a character outside base64url', url: `https://coffre.example/s/${linkId}#${encodedSecret.slice(0, 42)}+` },
    { name: 'secret not canonical (stray trailing bits)', url: `https://coffre.example/s/${linkId}#${encodedSecret.slice(0, 42)}B` },
    { name: 'link id too short', url: `https://coffre.example/s/${linkId.slice(0, 21)}#${encodedSecret}` },
    { name: 'link id not canonical (stray trailing bits)', url: `https://coffre.example/s/${linkId.slice(0, 21)}x#${encodedSecret}` },
    { name: 'path without /s/', url: `https://coffre.example/share/${linkId}#${encodedSecret}` },
    { name: 'trailing path after the id', url: `https://coffre.example/s/${linkId}/x#${encodedSecret}` },
    { name: 'query string', url: `https://coffre.example/s/${linkId}?a=1#${encodedSecret}` },
    { name: 'credentials', url: `https://user:pass@coffre.example/s/${linkId}#${encodedSecret}` },
  ].map((entry) => ({ ...entry, error: 'INVALID_INPUT' })),
};

writeVectors('link', {
  construction: 'share links v1 (HKDF-SHA-256 from the URL fragment secret and the link password key)',
  specification: 'docs/crypto.md#links',
  generator: 'test/vectors/generate-link.ts',
  valid: [plain, protectedLink],
  invalid,
  urls,
});
