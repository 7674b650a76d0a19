import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { CurrentAccount } from '../auth/current-session.js';
import {
  type CreateNodeRequest,
  type NodePage,
  type NodeView,
  type PageQuery,
  type UpdateNodeRequest,
  MAX_PAGE_LIMIT,
  createNodeRequestSchema,
  nodeIdSchema,
  nodePageSchema,
  nodeViewSchema,
  pageQuerySchema,
  updateNodeRequestSchema,
} from './nodes.dto.js';
import { NodesService } from './nodes.service.js';

/** The query parameters of a listing, as OpenAPI shows them. */
function PageQueryDocs(): MethodDecorator {
  return (target, key, descriptor) => {
    ApiQuery({ name: 'cursor', required: false, schema: { type: 'string' }, description: '`nextCursor` of the previous page.' })(target, key, descriptor);
    ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_LIMIT, default: 100 } })(target, key, descriptor);
  };
}

@ApiTags('nodes')
@Controller()
@Authenticated()
export class NodesController {
  constructor(private readonly nodes: NodesService) {}

  @Post('nodes')
  @HttpCode(201)
  @ApiOperation({ summary: 'Creates a folder or file record (parentId null: the root folder, once); signed by the caller' })
  @ApiResponse({ status: 201, standardSchema: nodeViewSchema })
  create(@CurrentAccount() accountId: string, @Body({ schema: createNodeRequestSchema }) body: CreateNodeRequest): Promise<NodeView> {
    return this.nodes.create(accountId, body);
  }

  @Get('nodes/root')
  @ApiOperation({ summary: "The caller's root folder (404 until the client creates it)" })
  @ApiResponse({ status: 200, standardSchema: nodeViewSchema })
  root(@CurrentAccount() accountId: string): Promise<NodeView> {
    return this.nodes.root(accountId);
  }

  @Get('nodes/:id')
  @ApiOperation({ summary: 'A node the caller may read (its own, or under a share)' })
  @ApiResponse({ status: 200, standardSchema: nodeViewSchema })
  get(@CurrentAccount() accountId: string, @Param('id', { schema: nodeIdSchema }) id: string): Promise<NodeView> {
    return this.nodes.get(accountId, id);
  }

  @Get('nodes/:id/children')
  @ApiOperation({ summary: "A page of a folder's children, oldest first (those in the trash left out)" })
  @PageQueryDocs()
  @ApiResponse({ status: 200, standardSchema: nodePageSchema })
  children(
    @CurrentAccount() accountId: string,
    @Param('id', { schema: nodeIdSchema }) id: string,
    @Query({ schema: pageQuerySchema }) query: PageQuery,
  ): Promise<NodePage> {
    return this.nodes.children(accountId, id, query);
  }

  @Patch('nodes/:id')
  @ApiOperation({ summary: 'Replaces the record: rename, metadata, move; version = stored + 1 (409 CONFLICT otherwise)' })
  @ApiResponse({ status: 200, standardSchema: nodeViewSchema })
  update(
    @CurrentAccount() accountId: string,
    @Param('id', { schema: nodeIdSchema }) id: string,
    @Body({ schema: updateNodeRequestSchema }) body: UpdateNodeRequest,
  ): Promise<NodeView> {
    return this.nodes.update(accountId, id, body);
  }

  @Post('nodes/:id/trash')
  @HttpCode(200)
  @ApiOperation({ summary: 'Moves a node, and everything under it, to the trash' })
  @ApiResponse({ status: 200, standardSchema: nodeViewSchema })
  trash(@CurrentAccount() accountId: string, @Param('id', { schema: nodeIdSchema }) id: string): Promise<NodeView> {
    return this.nodes.trash(accountId, id);
  }

  @Post('nodes/:id/restore')
  @HttpCode(200)
  @ApiOperation({ summary: 'Takes a node out of the trash' })
  @ApiResponse({ status: 200, standardSchema: nodeViewSchema })
  restore(@CurrentAccount() accountId: string, @Param('id', { schema: nodeIdSchema }) id: string): Promise<NodeView> {
    return this.nodes.restore(accountId, id);
  }

  @Delete('nodes/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Deletes a node and everything under it for good (the owner only); storage is freed by a job' })
  @ApiResponse({ status: 204, description: 'Deleted.' })
  delete(@CurrentAccount() accountId: string, @Param('id', { schema: nodeIdSchema }) id: string): Promise<void> {
    return this.nodes.delete(accountId, id);
  }

  @Get('trash')
  @ApiOperation({ summary: 'A page of the nodes the caller trashed, most recent first' })
  @PageQueryDocs()
  @ApiResponse({ status: 200, standardSchema: nodePageSchema })
  listTrash(@CurrentAccount() accountId: string, @Query({ schema: pageQuerySchema }) query: PageQuery): Promise<NodePage> {
    return this.nodes.listTrash(accountId, query);
  }
}
