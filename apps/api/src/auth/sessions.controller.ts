import { Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated } from './authenticated.decorator.js';
import { CurrentAccount, CurrentSession, type CurrentSessionInfo } from './current-session.js';
import { type SessionList, sessionIdSchema, sessionListSchema } from './sessions.dto.js';
import { SessionsService } from './sessions.service.js';

@ApiTags('auth')
@Controller('auth')
@Authenticated()
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get('sessions')
  @ApiOperation({ summary: "The account's live sessions, the current one flagged" })
  @ApiResponse({ status: 200, standardSchema: sessionListSchema })
  async list(@CurrentSession() current: CurrentSessionInfo): Promise<SessionList> {
    return { sessions: await this.sessions.list(current) };
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @ApiOperation({ summary: "Ends one of the account's sessions (404 for anyone else's)" })
  @ApiResponse({ status: 204, description: 'Ended.' })
  revoke(@CurrentAccount() accountId: string, @Param('id', { schema: sessionIdSchema }) sessionId: string): Promise<void> {
    return this.sessions.revoke(accountId, sessionId);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Ends the current session' })
  @ApiResponse({ status: 204, description: 'Ended.' })
  logout(@CurrentSession() current: CurrentSessionInfo): Promise<void> {
    return this.sessions.logout(current);
  }

  @Post('logout-all')
  @HttpCode(204)
  @ApiOperation({ summary: 'Ends every session of the account, the current one included' })
  @ApiResponse({ status: 204, description: 'All ended.' })
  logoutAll(@CurrentAccount() accountId: string): Promise<void> {
    return this.sessions.logoutEverywhere(accountId);
  }
}
