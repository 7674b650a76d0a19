import { describe, expect, it } from 'vitest';
import { linkRequest } from './link-request.ts';
import { linkState } from './link-state.ts';

const NOW = new Date(2026, 10, 23, 12, 0, 0);
const NODE = 'node-1';

describe('linkRequest', () => {
  it('sends nothing optional for empty fields', () => {
    expect(linkRequest(NODE, { expiry: '', limit: '', password: '' }, NOW)).toEqual({ request: { nodeId: NODE }, errors: {} });
  });

  it('reads an expiry as the end of that local day, and a limit and password as given', () => {
    const { request } = linkRequest(NODE, { expiry: '2026-11-23', limit: ' 1 ', password: 'pw' }, NOW);
    expect(request).toEqual({ nodeId: NODE, expiresAt: new Date(2026, 10, 23, 23, 59, 59, 999).toISOString(), maxDownloads: 1, password: 'pw' });
  });

  it.each([
    ['a past day', { expiry: '2026-11-22', limit: '' }, { expiry: 'Choose today or a later day.' }],
    ['a malformed date', { expiry: '23/11/2026', limit: '' }, { expiry: 'Enter a date.' }],
    ['a zero limit', { expiry: '', limit: '0' }, { limit: 'Enter a whole number from 1 to 1,000,000.' }],
    ['a fractional limit', { expiry: '', limit: '1.5' }, { limit: 'Enter a whole number from 1 to 1,000,000.' }],
    ['a huge limit', { expiry: '', limit: '1000001' }, { limit: 'Enter a whole number from 1 to 1,000,000.' }],
  ])('refuses %s', (_name, fields, errors) => {
    expect(linkRequest(NODE, { ...fields, password: '' }, NOW)).toEqual({ request: undefined, errors });
  });
});

describe('linkState', () => {
  const link = { revokedAt: null, expiresAt: null, maxDownloads: null, downloads: 0 };
  it.each([
    ['active', link],
    ['revoked', { ...link, revokedAt: '2026-11-23T10:00:00Z', expiresAt: '2026-11-22T00:00:00Z' }],
    ['expired', { ...link, expiresAt: new Date(NOW.getTime() - 1).toISOString(), maxDownloads: 1, downloads: 1 }],
    ['used-up', { ...link, maxDownloads: 1, downloads: 1 }],
  ] as const)('%s', (code, value) => {
    expect(linkState(value, NOW).code).toBe(code);
  });
});
