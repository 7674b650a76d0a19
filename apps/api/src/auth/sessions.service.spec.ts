import { type ApiConfig } from '@coffre/config/api';
import { beforeEach, describe, expect, it, type Mocked } from 'vitest';
import { ACCOUNT_ID, appError, NOW, SESSION_ID, sessionRow } from '../../test/fixtures.js';
import { strictMock } from '../../test/strict-mock.js';
import { hashSessionToken } from './session-token.js';
import { type SessionsRepository } from './sessions.repository.js';
import { LAST_SEEN_RESOLUTION_MS, SessionsService } from './sessions.service.js';

const TOKEN = 'x'.repeat(43);
const config = { sessionTtlSeconds: 3600 } as ApiConfig;

describe(SessionsService.name, () => {
  let sut: SessionsService;
  let repository: Mocked<SessionsRepository>;

  beforeEach(() => {
    repository = strictMock<SessionsRepository>('SessionsRepository');
    sut = new SessionsService(repository, config);
  });

  describe('open', () => {
    it('stores only the hash of a fresh 256-bit token, with the configured lifetime', async () => {
      repository.create.mockImplementation(async (session) => sessionRow({ tokenHash: session.tokenHash, expiresAt: session.expiresAt }));

      const opened = await sut.open(ACCOUNT_ID, { userAgent: 'agent', ip: '10.0.0.1' }, NOW);

      expect(opened.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const stored = repository.create.mock.calls[0]![0];
      expect(stored).toEqual({
        accountId: ACCOUNT_ID,
        tokenHash: hashSessionToken(opened.token),
        now: NOW,
        expiresAt: new Date(NOW.getTime() + 3_600_000),
        userAgent: 'agent',
        ip: '10.0.0.1',
      });
      expect(opened.session).toMatchObject({ id: SESSION_ID, current: true });
    });

    it('never hands out the same token twice', async () => {
      repository.create.mockResolvedValue(sessionRow());
      const tokens = await Promise.all(Array.from({ length: 20 }, () => sut.open(ACCOUNT_ID, { userAgent: null, ip: null }, NOW)));
      expect(new Set(tokens.map((opened) => opened.token)).size).toBe(20);
    });
  });

  describe('authenticate', () => {
    const live = (overrides = {}) => ({ ...sessionRow(overrides), account: { deletedAt: null } });

    it('returns the account and session of a live token, without a write when last seen recently', async () => {
      repository.findByTokenHash.mockResolvedValue(live({ lastSeenAt: new Date(NOW.getTime() - LAST_SEEN_RESOLUTION_MS + 1) }));

      await expect(sut.authenticate(TOKEN, NOW)).resolves.toEqual({ accountId: ACCOUNT_ID, sessionId: SESSION_ID });
      expect(repository.findByTokenHash).toHaveBeenCalledWith(hashSessionToken(TOKEN));
    });

    it('refreshes last seen once it is a resolution old', async () => {
      repository.findByTokenHash.mockResolvedValue(live({ lastSeenAt: new Date(NOW.getTime() - LAST_SEEN_RESOLUTION_MS) }));
      repository.touch.mockResolvedValue();

      await sut.authenticate(TOKEN, NOW);

      expect(repository.touch).toHaveBeenCalledWith(SESSION_ID, NOW);
    });

    it.each([
      ['unknown', null, /unknown session token/],
      ['revoked', live({ revokedAt: NOW }), /is revoked/],
      ['expired at this very instant', live({ expiresAt: NOW }), /expired/],
      ['of a deleted account', { ...sessionRow(), account: { deletedAt: NOW } }, /account deleted/],
    ])('refuses a token %s with UNAUTHENTICATED', async (_name, found, reason) => {
      repository.findByTokenHash.mockResolvedValue(found);
      await expect(sut.authenticate(TOKEN, NOW)).rejects.toEqual(appError('UNAUTHENTICATED', reason));
    });

    it('refuses a malformed token without looking it up', async () => {
      await expect(sut.authenticate('short', NOW)).rejects.toEqual(appError('UNAUTHENTICATED'));
      expect(repository.findByTokenHash).not.toHaveBeenCalled();
    });
  });

  describe('list', () => {
    it("flags the requester's session as current", async () => {
      const other = sessionRow({ id: 'b1c7a3e2-0d4f-4e8a-9b6c-3a2f1e0d9c8b' });
      repository.listLive.mockResolvedValue([sessionRow(), other]);

      const sessions = await sut.list({ accountId: ACCOUNT_ID, sessionId: SESSION_ID }, NOW);

      expect(repository.listLive).toHaveBeenCalledWith(ACCOUNT_ID, NOW);
      expect(sessions.map((session) => [session.id, session.current])).toEqual([
        [SESSION_ID, true],
        [other.id, false],
      ]);
      expect(sessions[0]).toEqual({
        id: SESSION_ID,
        createdAt: NOW.toISOString(),
        lastSeenAt: NOW.toISOString(),
        expiresAt: '2026-11-23T13:00:00.000Z',
        userAgent: 'test-agent',
        ip: '127.0.0.1',
        current: true,
      });
    });
  });

  describe('revoke', () => {
    it('revokes a live session of the account', async () => {
      repository.revoke.mockResolvedValue(true);
      await sut.revoke(ACCOUNT_ID, SESSION_ID, NOW);
      expect(repository.revoke).toHaveBeenCalledWith(ACCOUNT_ID, SESSION_ID, NOW);
    });

    it('answers NOT_FOUND, never FORBIDDEN, for a session that is not a live one of the account', async () => {
      repository.revoke.mockResolvedValue(false);
      await expect(sut.revoke(ACCOUNT_ID, SESSION_ID, NOW)).rejects.toEqual(appError('NOT_FOUND'));
    });
  });

  it('logs out the current session, and everywhere', async () => {
    repository.revoke.mockResolvedValue(true);
    repository.revokeAll.mockResolvedValue();

    await sut.logout({ accountId: ACCOUNT_ID, sessionId: SESSION_ID }, NOW);
    await sut.logoutEverywhere(ACCOUNT_ID, NOW);

    expect(repository.revoke).toHaveBeenCalledWith(ACCOUNT_ID, SESSION_ID, NOW);
    expect(repository.revokeAll).toHaveBeenCalledWith(ACCOUNT_ID, NOW);
  });
});
