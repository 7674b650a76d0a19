import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated } from './authenticated.decorator.js';
import { CurrentAccount, CurrentSession, type CurrentSessionInfo } from './current-session.js';
import {
  type PasswordFinishRequest,
  type PasswordStartRequest,
  type PasswordStartResponse,
  passwordFinishRequestSchema,
  passwordStartRequestSchema,
  passwordStartResponseSchema,
} from './password.dto.js';
import { PasswordService } from './password.service.js';

@ApiTags('auth')
@Controller('auth/password')
@Authenticated()
export class PasswordController {
  constructor(private readonly password: PasswordService) {}

  @Post('start')
  @HttpCode(200)
  @ApiOperation({ summary: 'First step of a password change: answers the new OPAQUE registration request' })
  @ApiResponse({ status: 200, standardSchema: passwordStartResponseSchema })
  start(@CurrentAccount() accountId: string, @Body({ schema: passwordStartRequestSchema }) body: PasswordStartRequest): Promise<PasswordStartResponse> {
    return this.password.start(accountId, body);
  }

  @Post('finish')
  @HttpCode(204)
  @ApiOperation({ summary: 'Proves the current password, stores the new one; ends every other session' })
  @ApiResponse({ status: 204, description: 'Changed.' })
  finish(@CurrentSession() current: CurrentSessionInfo, @Body({ schema: passwordFinishRequestSchema }) body: PasswordFinishRequest): Promise<void> {
    return this.password.finish(current, body);
  }
}
