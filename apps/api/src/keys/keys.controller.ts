import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { type PublicKeysQuery, type PublicKeysView, publicKeysQuerySchema, publicKeysViewSchema } from './keys.dto.js';
import { KeysService } from './keys.service.js';

@ApiTags('keys')
@Controller('keys')
@Authenticated()
export class KeysController {
  constructor(private readonly keys: KeysService) {}

  @Get()
  @ApiOperation({ summary: "An account's public keys and fingerprint, by email" })
  @ApiQuery({ name: 'email', required: true, schema: { type: 'string', format: 'email' } })
  @ApiResponse({ status: 200, standardSchema: publicKeysViewSchema })
  lookup(@Query({ schema: publicKeysQuerySchema }) query: PublicKeysQuery): Promise<PublicKeysView> {
    return this.keys.lookup(query.email);
  }
}
