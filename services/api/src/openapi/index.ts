export { buildOpenApiDocument, type OpenApiDocument } from './document';
export { OPENAPI_JSON_PATH, OPENAPI_UI_PATH, setupOpenApi } from './setup';
