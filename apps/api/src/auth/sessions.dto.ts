import { z } from 'zod';
import { type Session } from './sessions.repository.js';

/** One signed-in device, as its owner sees it. */
export const sessionViewSchema = z
  .object({
    id: z.uuid(),
    createdAt: z.iso.datetime(),
    lastSeenAt: z.iso.datetime().describe('Updated at most once a minute.'),
    expiresAt: z.iso.datetime(),
    userAgent: z.string().nullable(),
    ip: z.string().nullable(),
    current: z.boolean().describe('True for the session that made this request.'),
  })
  .meta({ id: 'Session' });
export type SessionView = z.infer<typeof sessionViewSchema>;

/** `GET /api/auth/sessions`. */
export const sessionListSchema = z.object({ sessions: z.array(sessionViewSchema) }).meta({ id: 'SessionList' });
export type SessionList = z.infer<typeof sessionListSchema>;

/** The `:id` of `DELETE /api/auth/sessions/:id`. */
export const sessionIdSchema = z.uuid();

/** The view of `session` for the request made with `currentSessionId`. */
export function toSessionView(session: Session, currentSessionId: string | null): SessionView {
  return {
    id: session.id,
    createdAt: session.createdAt.toISOString(),
    lastSeenAt: session.lastSeenAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
    userAgent: session.userAgent,
    ip: session.ip,
    current: session.id === currentSessionId,
  };
}
