import { Body, Controller, Get, Header, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { sendContent } from '../files/versions.controller.js';
import { type NodePage, type PageQuery, nodeIdSchema, nodePageSchema, pageQuerySchema } from '../nodes/nodes.dto.js';
import { linkIdSchema } from './links.dto.js';
import {
  LINK_GRANT_HEADER,
  type OpenLinkRequest,
  type OpenLinkResponse,
  type PublicLinkView,
  openLinkRequestSchema,
  openLinkResponseSchema,
  publicLinkViewSchema,
} from './public-links.dto.js';
import { PublicLinksService } from './public-links.service.js';

const grantHeader = { name: LINK_GRANT_HEADER, required: true, description: 'The grant from POST /api/public/links/:id/open.' };

/** Share links for anyone holding one: no account, no session. */
@ApiTags('public links')
@Controller('public/links')
export class PublicLinksController {
  constructor(private readonly links: PublicLinksService) {}

  @Get(':id')
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'What a client needs to open a link: node kind, password parameters (410 once revoked, expired or spent)' })
  @ApiResponse({ status: 200, standardSchema: publicLinkViewSchema })
  describe(@Param('id', { schema: linkIdSchema }) linkId: string): Promise<PublicLinkView> {
    return this.links.describe(linkId);
  }

  @Post(':id/open')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Proves the access token, spends one download and returns a grant (401 for a wrong token, which spends nothing)' })
  @ApiResponse({ status: 200, standardSchema: openLinkResponseSchema })
  @ApiResponse({ status: 429, description: 'RATE_LIMITED: too many wrong tokens for this link or from this address; Retry-After says when to try again.' })
  open(
    @Param('id', { schema: linkIdSchema }) linkId: string,
    @Body({ schema: openLinkRequestSchema }) body: OpenLinkRequest,
    @Req() request: FastifyRequest,
  ): Promise<OpenLinkResponse> {
    return this.links.open(linkId, body, request.ip);
  }

  @Get(':id/nodes/:nodeId/children')
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'A page of the children of a folder at or below a linked folder' })
  @ApiHeader(grantHeader)
  @ApiQuery({ name: 'cursor', required: false, schema: { type: 'string' } })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } })
  @ApiResponse({ status: 200, standardSchema: nodePageSchema })
  children(
    @Param('id', { schema: linkIdSchema }) linkId: string,
    @Param('nodeId', { schema: nodeIdSchema }) nodeId: string,
    @Query({ schema: pageQuerySchema }) query: PageQuery,
    @Headers(LINK_GRANT_HEADER) grant: string | undefined,
  ): Promise<NodePage> {
    return this.links.listChildren(linkId, grant, nodeId, query);
  }

  @Get(':id/files/:nodeId/content')
  @ApiOperation({ summary: 'The ciphertext of the newest version of a file at or below the linked node (x-coffre-version names it), whole or one Range' })
  @ApiHeader(grantHeader)
  @ApiHeader({ name: 'range', required: false, description: 'One range: bytes=a-b, bytes=a- or bytes=-n.' })
  @ApiResponse({ status: 200, description: 'The whole ciphertext.', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } })
  @ApiResponse({ status: 206, description: 'One byte range of it (Content-Range).', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } })
  async content(
    @Param('id', { schema: linkIdSchema }) linkId: string,
    @Param('nodeId', { schema: nodeIdSchema }) nodeId: string,
    @Headers(LINK_GRANT_HEADER) grant: string | undefined,
    @Headers('range') range: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendContent(request, reply, await this.links.fileContent(linkId, grant, nodeId, range));
  }
}
