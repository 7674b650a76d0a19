import helmet from '@fastify/helmet';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type ApiConfig } from '@coffre/config/api';
import { LogController } from 'fastify';
import { AppModule } from './app.module.js';
import { CONTENT_RESPONSE_HEADERS } from './files/content-headers.js';
import { acceptOctetStreams } from './files/octet-stream-parser.js';
import { CORRELATION_ID_HEADER, correlationIdFor } from './http/correlation-id.js';
import { PinoNestLogger } from './logging/pino-nest-logger.js';
import { serveOpenApi } from './openapi/openapi.js';

/**
 * Largest request body the API parses. JSON requests are small; file content streams through
 * dedicated routes that set their own limit.
 */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** How long browsers may reuse a CORS preflight answer (Chromium caps it at two hours). */
export const CORS_PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * Builds the API, ready to `listen()`: Fastify with its pino logger, correlation ids, security
 * headers, CORS for the web apps, every route under `/api`, and the OpenAPI document.
 *
 * @throws when a dependency cannot be opened at start-up (e.g. the database refuses connections).
 */
export async function createApp(config: ApiConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    // Pino's request serializer records method, URL and addresses: never headers (credentials)
    // and never bodies (ciphertext, wrapped keys). Log anything more only field by field.
    logger: { level: config.logLevel },
    genReqId: correlationIdFor,
    logController: new LogController({ requestIdLogLabel: 'correlationId' }),
    bodyLimit: BODY_LIMIT_BYTES,
    // Only the listed load balancers may name the client (X-Forwarded-For): per-address rate
    // limits would otherwise count every user as the proxy, or believe a forged header.
    trustProxy: config.trustProxy.length > 0 ? [...config.trustProxy] : false,
  });
  const fastify = adapter.getInstance();
  // Set before anything can fail, so even a request refused by the router or the body parser
  // carries its id back to the client.
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header(CORRELATION_ID_HEADER, request.id);
  });
  // File parts arrive as streams, never buffered (see acceptOctetStreams).
  acceptOctetStreams(fastify, config.drive.maxPartBytes);

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(fastify.log),
    // Let the caller decide what a failed start means (main exits, a test reports it).
    abortOnError: false,
  });
  app.setGlobalPrefix('api');
  // Retry-After is not a CORS-safelisted response header: without this, browsers hide it from
  // the web apps when they are rate limited.
  // Content answers' range and version headers, likewise, for the web drive's downloads.
  // Browsers preflight every authenticated call, once per URL; caching the answer for ten
  // minutes spares repeated calls to one URL (upload status, session list) a round trip each.
  // @fastify/cors allows only GET, HEAD and POST unless told: the drive also PUTs parts, PATCHes
  // nodes and DELETEs nodes, uploads, links and shares from the web apps.
  app.enableCors({
    origin: [...config.webOrigins],
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    exposedHeaders: [CORRELATION_ID_HEADER, 'retry-after', ...CONTENT_RESPONSE_HEADERS],
    maxAge: CORS_PREFLIGHT_MAX_AGE_SECONDS,
  });
  await app.register(helmet, securityHeaders(config));
  serveOpenApi(app);
  return app;
}

/**
 * Default security headers, except that a deployment served over plain HTTP (local development)
 * must not be told to upgrade to HTTPS: the browser would then fail to load the docs' assets.
 */
function securityHeaders(config: ApiConfig) {
  const https = new URL(config.publicUrl).protocol === 'https:';
  return {
    strictTransportSecurity: https,
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: https ? [] : null } },
  };
}
