import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { CurrentAccount } from '../auth/current-session.js';
import { type CreateShareRequest, type ShareView, createShareRequestSchema, shareIdSchema, shareListSchema, shareViewSchema } from './shares.dto.js';
import { SharesService } from './shares.service.js';

@ApiTags('shares')
@Controller('shares')
@Authenticated()
export class SharesController {
  constructor(private readonly shares: SharesService) {}

  @Post()
  @ApiOperation({ summary: 'Shares a folder the account owns with another account, read-only or read-write' })
  @ApiResponse({ status: 201, standardSchema: shareViewSchema })
  create(@CurrentAccount() accountId: string, @Body({ schema: createShareRequestSchema }) body: CreateShareRequest): Promise<ShareView> {
    return this.shares.create(accountId, body);
  }

  @Get('outgoing')
  @ApiOperation({ summary: 'The shares the account gave' })
  @ApiResponse({ status: 200, standardSchema: shareListSchema })
  outgoing(@CurrentAccount() accountId: string): Promise<ShareView[]> {
    return this.shares.listOutgoing(accountId);
  }

  @Get('incoming')
  @ApiOperation({ summary: 'The shares the account received, pending and accepted' })
  @ApiResponse({ status: 200, standardSchema: shareListSchema })
  incoming(@CurrentAccount() accountId: string): Promise<ShareView[]> {
    return this.shares.listIncoming(accountId);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accepts a share the account received; only accepted shares give access' })
  @ApiResponse({ status: 200, standardSchema: shareViewSchema })
  accept(@CurrentAccount() accountId: string, @Param('id', { schema: shareIdSchema }) shareId: string): Promise<ShareView> {
    return this.shares.accept(accountId, shareId);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Ends a share: its owner revokes it, or its recipient leaves it' })
  @ApiResponse({ status: 204, description: 'Ended.' })
  delete(@CurrentAccount() accountId: string, @Param('id', { schema: shareIdSchema }) shareId: string): Promise<void> {
    return this.shares.delete(accountId, shareId);
  }
}
