import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { CurrentAccount } from '../auth/current-session.js';
import { nodeIdSchema } from '../nodes/nodes.dto.js';
import {
  type CompleteUploadRequest,
  type FileVersionView,
  type PartView,
  type StartUploadRequest,
  type UploadView,
  completeUploadRequestSchema,
  fileVersionViewSchema,
  partNumberSchema,
  partViewSchema,
  startUploadRequestSchema,
  uploadIdSchema,
  uploadViewSchema,
} from './files.dto.js';
import { PartsService } from './parts.service.js';
import { UploadsService } from './uploads.service.js';

@ApiTags('files')
@Controller()
@Authenticated()
export class UploadsController {
  constructor(
    private readonly uploads: UploadsService,
    private readonly parts: PartsService,
  ) {}

  @Post('files/:nodeId/uploads')
  @HttpCode(201)
  @ApiOperation({ summary: "Starts an upload of the file's next version; reserves its size in the quota (413 QUOTA_EXCEEDED)" })
  @ApiResponse({ status: 201, standardSchema: uploadViewSchema })
  start(
    @CurrentAccount() accountId: string,
    @Param('nodeId', { schema: nodeIdSchema }) nodeId: string,
    @Body({ schema: startUploadRequestSchema }) body: StartUploadRequest,
  ): Promise<UploadView> {
    return this.uploads.start(accountId, nodeId, body);
  }

  @Get('uploads/:uploadId')
  @ApiOperation({ summary: 'An upload in progress and the parts the server holds: what resuming needs' })
  @ApiResponse({ status: 200, standardSchema: uploadViewSchema })
  get(@CurrentAccount() accountId: string, @Param('uploadId', { schema: uploadIdSchema }) uploadId: string): Promise<UploadView> {
    return this.uploads.get(accountId, uploadId);
  }

  @Put('uploads/:uploadId/parts/:n')
  @ApiOperation({
    summary: 'Stores part n (0-based), streamed; idempotent for the same bytes (400 CHECKSUM_MISMATCH, 409 CONFLICT for other bytes)',
  })
  @ApiConsumes('application/octet-stream')
  @ApiBody({ schema: { type: 'string', format: 'binary' }, description: "The part's bytes: partSize bytes, except the last part." })
  @ApiHeader({ name: 'x-content-sha256', required: true, description: "SHA-256 of the part's bytes, 64 hex digits." })
  @ApiResponse({ status: 200, standardSchema: partViewSchema })
  putPart(
    @CurrentAccount() accountId: string,
    @Param('uploadId', { schema: uploadIdSchema }) uploadId: string,
    @Param('n', { schema: partNumberSchema }) n: number,
    @Headers('x-content-sha256') sha256: string | undefined,
    @Headers('content-length') contentLength: string | undefined,
    @Body() body: unknown,
  ): Promise<PartView> {
    return this.parts.put(accountId, uploadId, n, { sha256, contentLength }, body);
  }

  @Post('uploads/:uploadId/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Commits the version once every part is held (409 UPLOAD_INCOMPLETE names the missing parts)' })
  @ApiResponse({ status: 200, standardSchema: fileVersionViewSchema })
  complete(
    @CurrentAccount() accountId: string,
    @Param('uploadId', { schema: uploadIdSchema }) uploadId: string,
    @Body({ schema: completeUploadRequestSchema }) body: CompleteUploadRequest,
  ): Promise<FileVersionView> {
    return this.uploads.complete(accountId, uploadId, body);
  }

  @Delete('uploads/:uploadId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Abandons an upload: its parts are removed, its quota released' })
  @ApiResponse({ status: 204, description: 'Abandoned.' })
  abandon(@CurrentAccount() accountId: string, @Param('uploadId', { schema: uploadIdSchema }) uploadId: string): Promise<void> {
    return this.uploads.abandon(accountId, uploadId);
  }
}
