import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type FastifyRequest } from 'fastify';
import { AuthRateLimited } from '../rate-limit/auth-rate-limited.decorator.js';
import { clientInfoOf } from './client-info.js';
import {
  type LoginFinishRequest,
  type LoginFinishResponse,
  type LoginStartRequest,
  type LoginStartResponse,
  loginFinishRequestSchema,
  loginFinishResponseSchema,
  loginStartRequestSchema,
  loginStartResponseSchema,
} from './login.dto.js';
import { LoginService } from './login.service.js';

@ApiTags('auth')
@Controller('auth/login')
@AuthRateLimited()
export class LoginController {
  constructor(private readonly login: LoginService) {}

  @Post('start')
  @HttpCode(200)
  @ApiOperation({ summary: 'First step of an OPAQUE login: KE1 in, KE2 out' })
  @ApiResponse({ status: 200, standardSchema: loginStartResponseSchema })
  start(@Body({ schema: loginStartRequestSchema }) body: LoginStartRequest): Promise<LoginStartResponse> {
    return this.login.start(body);
  }

  @Post('finish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Second step: KE3 in, a session and the key bundle out (401 for any failure)' })
  @ApiResponse({ status: 200, standardSchema: loginFinishResponseSchema })
  finish(@Body({ schema: loginFinishRequestSchema }) body: LoginFinishRequest, @Req() request: FastifyRequest): Promise<LoginFinishResponse> {
    return this.login.finish(body, clientInfoOf(request));
  }
}
