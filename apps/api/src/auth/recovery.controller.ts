import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthRateLimited } from '../rate-limit/auth-rate-limited.decorator.js';
import {
  type RecoveryFinishRequest,
  type RecoveryStartRequest,
  type RecoveryStartResponse,
  recoveryFinishRequestSchema,
  recoveryStartRequestSchema,
  recoveryStartResponseSchema,
} from './recovery.dto.js';
import { RecoveryService } from './recovery.service.js';

@ApiTags('auth')
@Controller('auth/recovery')
@AuthRateLimited()
export class RecoveryController {
  constructor(private readonly recovery: RecoveryService) {}

  @Post('start')
  @HttpCode(200)
  @ApiOperation({ summary: 'First step of a reset with the recovery key: the recovery wrap, the bundle and a challenge' })
  @ApiResponse({ status: 200, standardSchema: recoveryStartResponseSchema })
  start(@Body({ schema: recoveryStartRequestSchema }) body: RecoveryStartRequest): Promise<RecoveryStartResponse> {
    return this.recovery.start(body);
  }

  @Post('finish')
  @HttpCode(204)
  @ApiOperation({ summary: 'Checks the recovery proof, stores the new password; ends every session' })
  @ApiResponse({ status: 204, description: 'Reset.' })
  finish(@Body({ schema: recoveryFinishRequestSchema }) body: RecoveryFinishRequest): Promise<void> {
    return this.recovery.finish(body);
  }
}
