import { type FastifyRequest } from 'fastify';

/** Longest user agent kept with a session: enough to recognise a device, bounded in size. */
const MAX_USER_AGENT_LENGTH = 256;

/** What a session records about the device that opened it. */
export interface ClientInfo {
  userAgent: string | null;
  /** The client's address; behind trusted proxies (COFFRE_TRUST_PROXY), from X-Forwarded-For. */
  ip: string | null;
}

/** The device behind `request`. */
export function clientInfoOf(request: FastifyRequest): ClientInfo {
  const userAgent = request.headers['user-agent'];
  return {
    userAgent: typeof userAgent === 'string' && userAgent !== '' ? userAgent.slice(0, MAX_USER_AGENT_LENGTH) : null,
    ip: request.ip || null,
  };
}
