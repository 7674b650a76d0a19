import { Controller, Delete, Get, Headers, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { CurrentAccount } from '../auth/current-session.js';
import { nodeIdSchema } from '../nodes/nodes.dto.js';
import { type FileContent } from './file-content.service.js';
import { type FileVersionView, fileVersionListSchema, fileVersionViewSchema, versionNumberSchema } from './files.dto.js';
import { VersionsService } from './versions.service.js';

const CONTENT_RESPONSES = {
  200: { description: 'The whole ciphertext.', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
  206: { description: 'One byte range of it (Content-Range).', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
} as const;

@ApiTags('files')
@Controller('files/:nodeId')
@Authenticated()
export class VersionsController {
  constructor(private readonly versions: VersionsService) {}

  @Get('versions')
  @ApiOperation({ summary: "The file's committed versions, newest first" })
  @ApiResponse({ status: 200, standardSchema: fileVersionListSchema })
  list(@CurrentAccount() accountId: string, @Param('nodeId', { schema: nodeIdSchema }) nodeId: string): Promise<FileVersionView[]> {
    return this.versions.list(accountId, nodeId);
  }

  @Post('versions/:number/restore')
  @HttpCode(201)
  @ApiOperation({ summary: 'Makes an older version the newest again, as a new version over the same parts (charged to the quota)' })
  @ApiResponse({ status: 201, standardSchema: fileVersionViewSchema })
  restore(
    @CurrentAccount() accountId: string,
    @Param('nodeId', { schema: nodeIdSchema }) nodeId: string,
    @Param('number', { schema: versionNumberSchema }) number: number,
  ): Promise<FileVersionView> {
    return this.versions.restore(accountId, nodeId, number);
  }

  @Delete('versions/:number')
  @HttpCode(204)
  @ApiOperation({ summary: 'Deletes one version (409 CONFLICT for the only one)' })
  @ApiResponse({ status: 204, description: 'Deleted.' })
  delete(
    @CurrentAccount() accountId: string,
    @Param('nodeId', { schema: nodeIdSchema }) nodeId: string,
    @Param('number', { schema: versionNumberSchema }) number: number,
  ): Promise<void> {
    return this.versions.delete(accountId, nodeId, number);
  }

  @Get('versions/:number/content')
  @ApiOperation({ summary: "A version's ciphertext, whole or one Range (bytes=a-b, a-, -n); 416 otherwise" })
  @ApiHeader({ name: 'range', required: false, description: 'One range: bytes=a-b, bytes=a- or bytes=-n.' })
  @ApiResponse({ status: 200, ...CONTENT_RESPONSES[200] })
  @ApiResponse({ status: 206, ...CONTENT_RESPONSES[206] })
  async versionContent(
    @CurrentAccount() accountId: string,
    @Param('nodeId', { schema: nodeIdSchema }) nodeId: string,
    @Param('number', { schema: versionNumberSchema }) number: number,
    @Headers('range') range: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendContent(request, reply, await this.versions.read(accountId, nodeId, number, range));
  }

  @Get('content')
  @ApiOperation({ summary: "The newest version's ciphertext (x-coffre-version names it), whole or one Range" })
  @ApiHeader({ name: 'range', required: false, description: 'One range: bytes=a-b, bytes=a- or bytes=-n.' })
  @ApiResponse({ status: 200, ...CONTENT_RESPONSES[200] })
  @ApiResponse({ status: 206, ...CONTENT_RESPONSES[206] })
  async currentContent(
    @CurrentAccount() accountId: string,
    @Param('nodeId', { schema: nodeIdSchema }) nodeId: string,
    @Headers('range') range: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendContent(request, reply, await this.versions.read(accountId, nodeId, 'current', range));
  }
}

/**
 * Sends a content answer. A HEAD request gets the headers only, its content-length included, and
 * the stream is let go at once: Fastify would read a Node stream to its end to throw it away,
 * and would answer an empty body with content-length 0; an (empty) web stream it just cancels.
 */
export function sendContent(request: FastifyRequest, reply: FastifyReply, content: FileContent): void {
  void reply.status(content.status).headers(content.headers);
  if (request.method === 'HEAD') {
    content.body.destroy();
    void reply.send(new ReadableStream({ start: (controller) => controller.close() }));
    return;
  }
  void reply.send(content.body);
}
