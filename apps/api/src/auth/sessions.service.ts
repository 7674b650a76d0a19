import { Inject, Injectable } from '@nestjs/common';
import { type ApiConfig } from '@coffre/config/api';
import { API_CONFIG } from '../config/api-config.module.js';
import { AppError } from '../errors/app-error.js';
import { type ClientInfo } from './client-info.js';
import { type CurrentSessionInfo } from './current-session.js';
import { hashSessionToken, isSessionToken, newSessionToken } from './session-token.js';
import { type SessionView, toSessionView } from './sessions.dto.js';
import { SessionsRepository } from './sessions.repository.js';

/**
 * How stale `lastSeenAt` may get before a request refreshes it: a write per request would cost
 * more than the list of sessions gains from the precision.
 */
export const LAST_SEEN_RESOLUTION_MS = 60_000;

/** A new session: its token (shown once) and how it appears in the session list. */
export interface OpenedSession {
  token: string;
  session: SessionView;
}

/** Sessions: opening them at login, checking them on every request, listing and ending them. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly repository: SessionsRepository,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** Opens a session for an account that just proved its password. */
  async open(accountId: string, client: ClientInfo, now = new Date()): Promise<OpenedSession> {
    const token = newSessionToken();
    const session = await this.repository.create({
      accountId,
      tokenHash: hashSessionToken(token),
      now,
      expiresAt: new Date(now.getTime() + this.config.sessionTtlSeconds * 1000),
      ...client,
    });
    return { token, session: toSessionView(session, session.id) };
  }

  /**
   * The session a bearer token belongs to, if it may still act.
   * @throws AppError UNAUTHENTICATED for an unknown, revoked or expired token, or a deleted
   *   account: one answer for all.
   */
  async authenticate(token: string, now = new Date()): Promise<CurrentSessionInfo> {
    const session = isSessionToken(token) ? await this.repository.findByTokenHash(hashSessionToken(token)) : null;
    if (session === null) throw new AppError('UNAUTHENTICATED', 'unknown session token');
    if (session.revokedAt !== null) throw new AppError('UNAUTHENTICATED', `session ${session.id} is revoked`);
    if (session.expiresAt <= now) throw new AppError('UNAUTHENTICATED', `session ${session.id} expired`);
    if (session.account.deletedAt !== null) throw new AppError('UNAUTHENTICATED', `session ${session.id}: account deleted`);
    if (now.getTime() - session.lastSeenAt.getTime() >= LAST_SEEN_RESOLUTION_MS) await this.repository.touch(session.id, now);
    return { accountId: session.accountId, sessionId: session.id };
  }

  /** The account's live sessions, the requesting one flagged `current`. */
  async list(current: CurrentSessionInfo, now = new Date()): Promise<SessionView[]> {
    const sessions = await this.repository.listLive(current.accountId, now);
    return sessions.map((session) => toSessionView(session, current.sessionId));
  }

  /**
   * Ends one of the account's sessions.
   * @throws AppError NOT_FOUND unless it is a live session of this account: another account's
   *   session ids are not found, not forbidden, so that they cannot be probed.
   */
  async revoke(accountId: string, sessionId: string, now = new Date()): Promise<void> {
    if (!(await this.repository.revoke(accountId, sessionId, now))) {
      throw new AppError('NOT_FOUND', `no live session ${sessionId} for account ${accountId}`, { publicMessage: 'No such session.' });
    }
  }

  /** Ends the requesting session. */
  async logout(current: CurrentSessionInfo, now = new Date()): Promise<void> {
    await this.repository.revoke(current.accountId, current.sessionId, now);
  }

  /** Ends every session of the account, the requesting one included. */
  async logoutEverywhere(accountId: string, now = new Date()): Promise<void> {
    await this.repository.revokeAll(accountId, now);
  }
}
