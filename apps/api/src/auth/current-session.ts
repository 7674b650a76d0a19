import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type FastifyRequest } from 'fastify';

/** Who made an authenticated request: set by AuthGuard. */
export interface CurrentSessionInfo {
  accountId: string;
  sessionId: string;
}

const SESSION = Symbol('coffreSession');
type RequestWithSession = FastifyRequest & { [SESSION]?: CurrentSessionInfo };

/** Records the session that authenticated `request` (AuthGuard only). */
export function attachSession(request: FastifyRequest, session: CurrentSessionInfo): void {
  (request as RequestWithSession)[SESSION] = session;
}

function sessionOf(context: ExecutionContext): CurrentSessionInfo {
  const session = context.switchToHttp().getRequest<RequestWithSession>()[SESSION];
  // Reaching a handler without it means the route forgot @Authenticated(): a bug, not a 401.
  if (session === undefined) throw new Error('@CurrentAccount() or @CurrentSession() on a route without @Authenticated()');
  return session;
}

/** The id of the account that made the request. Only on routes marked @Authenticated(). */
export const CurrentAccount = createParamDecorator((_data: unknown, context: ExecutionContext): string => sessionOf(context).accountId);

/** The account and session that made the request. Only on routes marked @Authenticated(). */
export const CurrentSession = createParamDecorator((_data: unknown, context: ExecutionContext): CurrentSessionInfo => sessionOf(context));
