import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { attachSession } from './current-session.js';
import { SessionsService } from './sessions.service.js';

/**
 * Lets a request through only with the bearer token of a live session (not revoked, not
 * expired, account not deleted), and records that session for @CurrentAccount(). Every refusal
 * is the same 401 UNAUTHENTICATED. Use it through @Authenticated().
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly sessions: SessionsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    try {
      const token = bearerToken(request.headers.authorization);
      if (token === undefined) throw new AppError('UNAUTHENTICATED', 'no bearer token');
      attachSession(request, await this.sessions.authenticate(token));
      return true;
    } catch (error) {
      // RFC 6750 §3: a 401 from a bearer-protected resource names the scheme.
      if (error instanceof AppError && error.code === 'UNAUTHENTICATED') {
        void context.switchToHttp().getResponse<FastifyReply>().header('www-authenticate', 'Bearer');
      }
      throw error;
    }
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer ([^\s]+)$/i.exec(header ?? '');
  return match?.[1];
}
