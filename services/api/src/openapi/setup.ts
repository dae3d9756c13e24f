import { type INestApplication } from '@nestjs/common';
import { type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { buildOpenApiDocument } from './document';

/** Where the document and the UI are served. */
export const OPENAPI_JSON_PATH = '/v1/openapi.json';
export const OPENAPI_UI_PATH = '/v1/docs';

/**
 * Serves the OpenAPI document at `/v1/openapi.json` and Swagger UI at `/v1/docs` (its assets come from
 * swagger-ui-dist on disk, so the UI works offline). Call before `listen`, which installs the 404 handler.
 */
export function setupOpenApi(app: INestApplication): void {
  const document = buildOpenApiDocument() as unknown as OpenAPIObject;
  SwaggerModule.setup(OPENAPI_UI_PATH, app, document, {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    raw: ['json'],
    customSiteTitle: 'Keel admin API',
    swaggerOptions: { displayOperationId: true },
  });
}
