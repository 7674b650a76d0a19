import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthRateLimited } from '../rate-limit/auth-rate-limited.decorator.js';
import {
  type RegisterFinishRequest,
  type RegisterFinishResponse,
  type RegisterStartRequest,
  type RegisterStartResponse,
  registerFinishRequestSchema,
  registerFinishResponseSchema,
  registerStartRequestSchema,
  registerStartResponseSchema,
} from './registration.dto.js';
import { RegistrationService } from './registration.service.js';

@ApiTags('auth')
@Controller('auth/register')
@AuthRateLimited()
export class RegistrationController {
  constructor(private readonly registration: RegistrationService) {}

  @Post('start')
  @HttpCode(200)
  @ApiOperation({ summary: 'First step of account creation: answers the OPAQUE registration request' })
  @ApiResponse({ status: 200, standardSchema: registerStartResponseSchema })
  start(@Body({ schema: registerStartRequestSchema }) body: RegisterStartRequest): Promise<RegisterStartResponse> {
    return this.registration.start(body);
  }

  @Post('finish')
  @HttpCode(201)
  @ApiOperation({ summary: 'Creates the account with its OPAQUE record and key bundle (409 if the email is taken)' })
  @ApiResponse({ status: 201, standardSchema: registerFinishResponseSchema })
  finish(@Body({ schema: registerFinishRequestSchema }) body: RegisterFinishRequest): Promise<RegisterFinishResponse> {
    return this.registration.finish(body);
  }
}
