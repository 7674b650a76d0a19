import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { CurrentAccount } from '../auth/current-session.js';
import { type PageQuery, pageQuerySchema } from '../nodes/nodes.dto.js';
import { type CreateLinkRequest, type LinkPage, type LinkView, createLinkRequestSchema, linkIdSchema, linkPageSchema, linkViewSchema } from './links.dto.js';
import { LinksService } from './links.service.js';

@ApiTags('links')
@Controller('links')
@Authenticated()
export class LinksController {
  constructor(private readonly links: LinksService) {}

  @Post()
  @ApiOperation({ summary: 'Creates a share link to a node the account may write (owner or read-write sharer)' })
  @ApiResponse({ status: 201, standardSchema: linkViewSchema })
  create(@CurrentAccount() accountId: string, @Body({ schema: createLinkRequestSchema }) body: CreateLinkRequest): Promise<LinkView> {
    return this.links.create(accountId, body);
  }

  @Get()
  @ApiOperation({ summary: 'The links the account created, newest first' })
  @ApiQuery({ name: 'cursor', required: false, schema: { type: 'string' } })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } })
  @ApiResponse({ status: 200, standardSchema: linkPageSchema })
  list(@CurrentAccount() accountId: string, @Query({ schema: pageQuerySchema }) query: PageQuery): Promise<LinkPage> {
    return this.links.list(accountId, query);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revokes one of the account\'s links; its grants stop working too' })
  @ApiResponse({ status: 204, description: 'Revoked.' })
  revoke(@CurrentAccount() accountId: string, @Param('id', { schema: linkIdSchema }) linkId: string): Promise<void> {
    return this.links.revoke(accountId, linkId);
  }
}
