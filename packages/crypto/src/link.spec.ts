import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flipBit, hex, unhex } from '../test/support/bytes.js';
import { expectCode } from '../test/support/errors.js';
import { referenceLinkKeys, referenceOpenLinkKey } from '../test/vectors/reference.js';
import { readVectors } from '../test/vectors/vector-files.js';
import { envelopePurpose, openEnvelope, sealEnvelope } from './envelope.js';
import { type CryptoErrorCode } from './errors.js';
import {
  type LinkBinding,
  createLinkId,
  createLinkSecret,
  deriveLinkKeys,
  formatLinkUrl,
  linkAccessHash,
  openLinkKey,
  parseLinkUrl,
  sealLinkKey,
} from './link.js';
import { MIN_PASSWORD_COST, decodePasswordParams, deriveLinkPasswordKey } from './password.js';

interface ValidVector {
  name: string;
  secret: string;
  password?: string;
  passwordParams?: string;
  passwordKey?: string;
  binding: LinkBinding;
  nodeKey: string;
  wrappingKey: string;
  passwordWrappingKey?: string;
  accessToken: string;
  accessHash: string;
  keyWrap: string;
}
interface LinkVectors {
  valid: ValidVector[];
  invalid: { name: string; secret: string; passwordKey: string | null; binding: LinkBinding; keyWrap: string; error: CryptoErrorCode }[];
  urls: {
    valid: { url: string; base: string; linkId: string; secret: string }[];
    invalid: { name: string; url: string; error: CryptoErrorCode }[];
  };
}

const vectors = readVectors<LinkVectors>('link');
const binding: LinkBinding = { ownerId: 'acct', nodeId: 'node', linkId: createLinkId() };
const nodeKey = new Uint8Array(32).fill(5);

describe('link vectors', () => {
  it('covers a link with and one without a password', () => {
    expect(vectors.valid.map((vector) => vector.password !== undefined).sort()).toEqual([false, true]);
  });

  for (const vector of vectors.valid) {
    const passwordKey = vector.passwordKey === undefined ? undefined : unhex(vector.passwordKey);

    it(`derives the keys and token: ${vector.name}`, () => {
      const keys = deriveLinkKeys(unhex(vector.secret), passwordKey);
      expect(hex(keys.wrappingKey)).toBe(vector.wrappingKey);
      expect(keys.passwordWrappingKey && hex(keys.passwordWrappingKey)).toBe(vector.passwordWrappingKey);
      expect(hex(keys.accessToken)).toBe(vector.accessToken);
      expect(hex(linkAccessHash(keys.accessToken))).toBe(vector.accessHash);
    });

    it(`matches the specification: ${vector.name}`, () => {
      const reference = referenceLinkKeys(unhex(vector.secret), passwordKey);
      expect(hex(reference.wrappingKey)).toBe(vector.wrappingKey);
      expect(reference.passwordWrappingKey && hex(reference.passwordWrappingKey)).toBe(vector.passwordWrappingKey);
      expect(hex(reference.accessHash)).toBe(vector.accessHash);
      const opened = referenceOpenLinkKey({ keyWrap: unhex(vector.keyWrap), secret: unhex(vector.secret), ...(passwordKey && { passwordKey }), ...vector.binding });
      expect(hex(opened)).toBe(vector.nodeKey);
    });

    it(`opens the wrap: ${vector.name}`, () => {
      const keys = deriveLinkKeys(unhex(vector.secret), passwordKey);
      expect(hex(openLinkKey({ keyWrap: unhex(vector.keyWrap), keys, binding: vector.binding }))).toBe(vector.nodeKey);
      expect(envelopePurpose(unhex(vector.keyWrap))).toBe(passwordKey === undefined ? 'link-key-wrap' : 'link-password-wrap');
    });

    it(`rejects every one-bit flip of the wrap: ${vector.name}`, () => {
      const keys = deriveLinkKeys(unhex(vector.secret), passwordKey);
      const wrap = unhex(vector.keyWrap);
      for (let bit = 24; bit < wrap.length * 8; bit += 7) {
        expectCode(() => openLinkKey({ keyWrap: flipBit(wrap, bit), keys, binding: vector.binding }), 'DECRYPT_FAILED');
      }
    });
  }

  it('derives the password key of the vector from its password and parameters', async () => {
    const vector = vectors.valid.find((entry) => entry.password !== undefined)!;
    expect(hex(await deriveLinkPasswordKey(vector.password!, decodePasswordParams(unhex(vector.passwordParams!))))).toBe(vector.passwordKey);
  });

  for (const vector of vectors.invalid) {
    it(`refuses: ${vector.name}`, () => {
      const keys = deriveLinkKeys(unhex(vector.secret), vector.passwordKey === null ? undefined : unhex(vector.passwordKey));
      expectCode(() => openLinkKey({ keyWrap: unhex(vector.keyWrap), keys, binding: vector.binding }), vector.error);
    });
  }

  for (const vector of vectors.urls.valid) {
    it(`parses ${vector.url}`, () => {
      const parsed = parseLinkUrl(vector.url);
      expect({ ...parsed, secret: hex(parsed.secret) }).toEqual({ base: vector.base, linkId: vector.linkId, secret: vector.secret });
      expect(formatLinkUrl(parsed.base, parsed.linkId, parsed.secret)).toBe(vector.url);
    });
  }

  for (const vector of vectors.urls.invalid) {
    it(`refuses the link: ${vector.name}`, () => {
      expectCode(() => parseLinkUrl(vector.url), vector.error);
    });
  }
});

describe('link keys', () => {
  it('gives independent outputs: the token reveals neither wrapping key, and the password changes the token', () => {
    const secret = createLinkSecret();
    const plain = deriveLinkKeys(secret);
    const withPassword = deriveLinkKeys(secret, new Uint8Array(32).fill(1));
    const all = [plain.wrappingKey, plain.accessToken, withPassword.passwordWrappingKey!, withPassword.accessToken].map(hex);
    expect(new Set(all).size).toBe(4);
    // The link-key-wrap layer does not depend on the password: the password adds a layer.
    expect(hex(withPassword.wrappingKey)).toBe(hex(plain.wrappingKey));
    expect(plain.passwordWrappingKey).toBeUndefined();
  });

  it('round-trips a node key with and without a password (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.option(fc.uint8Array({ minLength: 32, maxLength: 32 })), (secret, key, passwordKey) => {
        const keys = deriveLinkKeys(secret, passwordKey ?? undefined);
        const keyWrap = sealLinkKey({ nodeKey: key, keys, binding });
        expect(openLinkKey({ keyWrap, keys, binding })).toEqual(key);
        expect(referenceOpenLinkKey({ keyWrap, secret, ...(passwordKey && { passwordKey }), ...binding })).toEqual(key);
      }),
      { numRuns: 50 },
    );
  });

  it('cannot be opened with the password key alone (the secret is mixed into every key)', () => {
    const passwordKey = new Uint8Array(32).fill(3);
    const keys = deriveLinkKeys(createLinkSecret(), passwordKey);
    const keyWrap = sealLinkKey({ nodeKey, keys, binding });
    // A server holding the wrap and guessing the password still lacks the secret.
    expectCode(() => openEnvelope(passwordKey, 'link-password-wrap', { ...binding, version: 1 }, keyWrap), 'DECRYPT_FAILED');
    expectCode(() => openLinkKey({ keyWrap, keys: deriveLinkKeys(createLinkSecret(), passwordKey), binding }), 'DECRYPT_FAILED');
  });

  it('refuses a password wrap stripped to its inner layer, and an inner layer presented as the password wrap', () => {
    const secret = createLinkSecret();
    const keys = deriveLinkKeys(secret, new Uint8Array(32).fill(9));
    const inner = sealEnvelope(keys.wrappingKey, 'link-key-wrap', { ...binding, version: 1 }, nodeKey);
    expectCode(() => openLinkKey({ keyWrap: inner, keys, binding }), 'DECRYPT_FAILED');
  });

  it('refuses a wrap that holds something other than a 32-byte key', () => {
    const keys = deriveLinkKeys(createLinkSecret());
    const wrap = sealEnvelope(keys.wrappingKey, 'link-key-wrap', { ...binding, version: 1 }, new Uint8Array(31));
    expectCode(() => openLinkKey({ keyWrap: wrap, keys, binding }), 'DECRYPT_FAILED');
  });

  it.each<[string, () => unknown]>([
    ['a 31-byte secret', () => deriveLinkKeys(new Uint8Array(31))],
    ['a 33-byte secret', () => deriveLinkKeys(new Uint8Array(33))],
    ['a secret that is not bytes', () => deriveLinkKeys('secret' as unknown as Uint8Array)],
    ['a 16-byte password key', () => deriveLinkKeys(new Uint8Array(32), new Uint8Array(16))],
    ['a 31-byte access token', () => linkAccessHash(new Uint8Array(31))],
    ['a 16-byte node key', () => sealLinkKey({ nodeKey: new Uint8Array(16), keys: deriveLinkKeys(new Uint8Array(32)), binding })],
    ['a binding without a link id', () => sealLinkKey({ nodeKey, keys: deriveLinkKeys(new Uint8Array(32)), binding: { ownerId: 'a', nodeId: 'n' } as LinkBinding })],
    ['a null binding', () => sealLinkKey({ nodeKey, keys: deriveLinkKeys(new Uint8Array(32)), binding: null as unknown as LinkBinding })],
  ])('refuses %s', (_name, run) => {
    expectCode(run, 'INVALID_INPUT');
  });

  it('makes fresh secrets and 22-character ids', () => {
    expect(new Set(Array.from({ length: 100 }, () => hex(createLinkSecret()))).size).toBe(100);
    const ids = Array.from({ length: 100 }, createLinkId);
    expect(new Set(ids).size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('derives a real link password key into working link keys at the floor cost', async () => {
    const { createPasswordParams } = await import('./password.js');
    const params = createPasswordParams(MIN_PASSWORD_COST);
    const secret = createLinkSecret();
    const keys = deriveLinkKeys(secret, await deriveLinkPasswordKey('hunter2 but longer', params));
    const keyWrap = sealLinkKey({ nodeKey, keys, binding });
    const wrong = deriveLinkKeys(secret, await deriveLinkPasswordKey('hunter3 but longer', params));
    expect(openLinkKey({ keyWrap, keys, binding })).toEqual(nodeKey);
    expect(hex(wrong.accessToken)).not.toBe(hex(keys.accessToken));
    expectCode(() => openLinkKey({ keyWrap, keys: wrong, binding }), 'DECRYPT_FAILED');
  });
});

describe('link URLs', () => {
  const secret = createLinkSecret();
  const linkId = createLinkId();

  it('round-trips (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes, id) => {
        const encodedId = Buffer.from(id).toString('base64url');
        const parsed = parseLinkUrl(formatLinkUrl('https://coffre.example', encodedId, bytes));
        expect(parsed).toEqual({ base: 'https://coffre.example', linkId: encodedId, secret: bytes });
      }),
    );
  });

  it('ignores surrounding whitespace, as pasted links carry', () => {
    expect(parseLinkUrl(` ${formatLinkUrl('https://coffre.example', linkId, secret)}\n`).linkId).toBe(linkId);
  });

  it('explains what is wrong with a link', () => {
    expect(() => parseLinkUrl(`https://coffre.example/s/${linkId}`)).toThrow(/no key after "#"/);
    expect(() => parseLinkUrl(`https://coffre.example/s/${linkId}#abc`)).toThrow(/43 base64url characters/);
    expect(() => parseLinkUrl('https://coffre.example/files/x')).toThrow(/\/s\/<link id>/);
  });

  it.each<[string, () => unknown]>([
    ['a base with a query', () => formatLinkUrl('https://coffre.example/?x=1', linkId, secret)],
    ['a base with a fragment', () => formatLinkUrl('https://coffre.example/#x', linkId, secret)],
    ['a base that is not a URL', () => formatLinkUrl('coffre.example', linkId, secret)],
    ['a javascript: base', () => formatLinkUrl('javascript:alert(1)', linkId, secret)],
    ['a malformed id', () => formatLinkUrl('https://coffre.example', 'short', secret)],
    ['a short secret', () => formatLinkUrl('https://coffre.example', linkId, new Uint8Array(16))],
    ['a URL that is not a string', () => parseLinkUrl(42 as unknown as string)],
  ])('refuses %s', (_name, run) => {
    expectCode(run, 'INVALID_INPUT');
  });
});
