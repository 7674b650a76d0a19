import { type INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { z } from 'zod';
import { errorResponseSchema } from '../errors/error-response.js';
import { API_VERSION } from '../version.js';

type SchemaObject = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];

/** Where the interactive documentation is served. */
export const DOCS_PATH = 'api/docs';
/** Where the raw OpenAPI document is served. */
export const OPENAPI_JSON_PATH = `${DOCS_PATH}/openapi.json`;

/** Builds the OpenAPI document from the routes' decorators and schemas. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const info = new DocumentBuilder()
    .setTitle('Coffre API')
    .setDescription('End-to-end encrypted storage: the server only ever handles ciphertext.')
    .setVersion(API_VERSION)
    // Routes marked @Authenticated() refer to it. Session tokens are random, not JWTs.
    .addBearerAuth({ type: 'http', bearerFormat: 'opaque', description: 'The session token from POST /api/auth/login/finish.' })
    .build();
  return withErrorResponses(SwaggerModule.createDocument(app, info));
}

/** Serves the document at {@link OPENAPI_JSON_PATH} and a browsable UI at {@link DOCS_PATH}. */
export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => createOpenApiDocument(app), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    raw: ['json'],
  });
}

/**
 * Every route can fail with the common error body (the global filter guarantees it), so every
 * operation documents it as its default response instead of each controller repeating it.
 */
function withErrorResponses(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components ??= {}).schemas ??= {};
  const { $schema: _, id: __, ...errorSchema } = z.toJSONSchema(errorResponseSchema, { target: 'openapi-3.0' });
  // zod's JSON Schema type is wider than the OpenAPI one, but with the openapi-3.0 target the
  // output is an OpenAPI schema object.
  schemas.ErrorResponse = errorSchema as SchemaObject;
  for (const pathItem of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = pathItem[method];
      if (operation === undefined) continue;
      operation.responses.default ??= {
        description: 'Error: `{ error: { code, message, correlationId } }`, with the status given by the code.',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } },
      };
    }
  }
  return document;
}
