import { Body, Controller, HttpCode, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { CurrentSession, type CurrentSessionInfo } from '../auth/current-session.js';
import {
  type RecoveryKeyMaterial,
  type ReplaceRecoveryKeyRequest,
  type RevealRecoveryKeyRequest,
  recoveryKeyMaterialSchema,
  replaceRecoveryKeyRequestSchema,
  revealRecoveryKeyRequestSchema,
} from './recovery-key.dto.js';
import { RecoveryKeyService } from './recovery-key.service.js';

@ApiTags('account')
@Controller('account/recovery-key')
@Authenticated()
export class RecoveryKeyController {
  constructor(private readonly recoveryKey: RecoveryKeyService) {}

  @Post('reveal')
  @HttpCode(200)
  @ApiOperation({ summary: 'The recovery key escrow (and the recovery wrap it matches), with a fresh proof of the password' })
  @ApiResponse({ status: 200, standardSchema: recoveryKeyMaterialSchema })
  reveal(@CurrentSession() current: CurrentSessionInfo, @Body({ schema: revealRecoveryKeyRequestSchema }) body: RevealRecoveryKeyRequest): Promise<RecoveryKeyMaterial> {
    return this.recoveryKey.reveal(current, body);
  }

  @Put()
  @HttpCode(204)
  @ApiOperation({ summary: 'Replaces the recovery key (its wrap and escrow), with a fresh proof of the password; the old key stops working' })
  @ApiResponse({ status: 204, description: 'Replaced.' })
  replace(@CurrentSession() current: CurrentSessionInfo, @Body({ schema: replaceRecoveryKeyRequestSchema }) body: ReplaceRecoveryKeyRequest): Promise<void> {
    return this.recoveryKey.replace(current, body);
  }
}
