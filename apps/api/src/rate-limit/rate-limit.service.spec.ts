import { createHash } from 'node:crypto';
import { type ApiConfig } from '@coffre/config/api';
import { beforeEach, describe, expect, it, type Mocked } from 'vitest';
import { strictMock } from '../../test/strict-mock.js';
import { type RateLimitRepository } from './rate-limit.repository.js';
import { RateLimitService } from './rate-limit.service.js';

const config = {
  authRateLimit: { perIp: 5, perEmail: 3, windowSeconds: 60 },
  links: { grantTtlSeconds: 3600, openRateLimit: { perLink: 2, perIp: 4, windowSeconds: 600 } },
} as ApiConfig;
const emailKey = `auth:email:${createHash('sha256').update('ada@example.org').digest('base64url')}`;

describe(RateLimitService.name, () => {
  let sut: RateLimitService;
  let repository: Mocked<RateLimitRepository>;

  beforeEach(() => {
    repository = strictMock<RateLimitRepository>('RateLimitRepository');
    sut = new RateLimitService(repository, config);
  });

  function counts(ip: number, email: number, resetInMs = 30_000) {
    repository.hit.mockImplementation(async (key) => ({ count: key.startsWith('auth:ip:') ? ip : email, resetInMs }));
  }

  it('counts the address and the email, each in the configured window, the email hashed', async () => {
    counts(1, 1);
    await expect(sut.checkAuthRequest({ ip: '10.0.0.1', email: 'ada@example.org' })).resolves.toEqual({ allowed: true });
    expect(repository.hit.mock.calls).toEqual([
      ['auth:ip:10.0.0.1', 60_000],
      [emailKey, 60_000],
    ]);
  });

  it('counts only the address for a request without an email', async () => {
    counts(5, 0);
    await expect(sut.checkAuthRequest({ ip: '10.0.0.1' })).resolves.toEqual({ allowed: true });
    expect(repository.hit).toHaveBeenCalledOnce();
  });

  it('allows up to the limit and refuses beyond it, with the seconds left in the window rounded up', async () => {
    counts(5, 3);
    await expect(sut.checkAuthRequest({ ip: '10.0.0.1', email: 'ada@example.org' })).resolves.toEqual({ allowed: true });
    counts(6, 1, 12_001);
    await expect(sut.checkAuthRequest({ ip: '10.0.0.1', email: 'ada@example.org' })).resolves.toEqual({ allowed: false, retryAfterSeconds: 13 });
    counts(1, 4, 999);
    await expect(sut.checkAuthRequest({ ip: '10.0.0.1', email: 'ada@example.org' })).resolves.toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('waits for the longest of two exceeded windows', async () => {
    repository.hit.mockImplementation(async (key) => (key.startsWith('auth:ip:') ? { count: 9, resetInMs: 5_000 } : { count: 9, resetInMs: 40_000 }));
    await expect(sut.checkAuthRequest({ ip: '10.0.0.1', email: 'ada@example.org' })).resolves.toEqual({ allowed: false, retryAfterSeconds: 40 });
  });

  describe('link opens', () => {
    const opener = { ip: '10.0.0.9', linkId: 'AAAAAAAAAAAAAAAAAAAAAA' };

    function stored(link: number, ip: number, resetInMs = 120_000) {
      const count = (key: string) => ({ count: key.startsWith('link-open:link:') ? link : ip, resetInMs });
      repository.peek.mockImplementation(async (key) => count(key));
      repository.hit.mockImplementation(async (key) => count(key));
    }

    it('lets a token be tried while both budgets of wrong tokens have room, counting nothing', async () => {
      stored(1, 3);
      await expect(sut.checkLinkOpen(opener)).resolves.toEqual({ allowed: true });
      expect(repository.peek.mock.calls).toEqual([['link-open:link:AAAAAAAAAAAAAAAAAAAAAA'], ['link-open:ip:10.0.0.9']]);
      expect(repository.hit).not.toHaveBeenCalled();
    });

    it('refuses any token once the link or the address has spent its budget', async () => {
      stored(2, 0);
      await expect(sut.checkLinkOpen(opener)).resolves.toEqual({ allowed: false, retryAfterSeconds: 120 });
      stored(0, 4, 1);
      await expect(sut.checkLinkOpen(opener)).resolves.toEqual({ allowed: false, retryAfterSeconds: 1 });
    });

    it('counts a wrong token against both, in the configured window, and refuses the one over the limit', async () => {
      stored(2, 2);
      await expect(sut.countWrongLinkToken(opener)).resolves.toEqual({ allowed: true });
      expect(repository.hit.mock.calls).toEqual([
        ['link-open:link:AAAAAAAAAAAAAAAAAAAAAA', 600_000],
        ['link-open:ip:10.0.0.9', 600_000],
      ]);
      stored(3, 1, 30_000);
      await expect(sut.countWrongLinkToken(opener)).resolves.toEqual({ allowed: false, retryAfterSeconds: 30 });
    });
  });
});
