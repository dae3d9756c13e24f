import { deploymentPaths } from './deployment-paths';
import { historyPaths, historySchemas } from './history-paths';
import { modelPaths } from './model-paths';
import { nodePaths } from './node-paths';
import { otherPaths } from './other-paths';
import { parameters } from './parameters';
import { readSchemas } from './read-schemas';
import { schedulingPaths } from './scheduling-paths';
import { errorResponses, errorSchema, writeResponseSchema } from './responses';
import { type JsonSchema, type Paths, type Response } from './types';

/** The OpenAPI document of the admin API. */
export interface OpenApiDocument {
  readonly openapi: string;
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly servers: readonly { readonly url: string }[];
  readonly tags: readonly { readonly name: string }[];
  readonly paths: Paths;
  readonly components: {
    readonly schemas: Record<string, JsonSchema>;
    readonly parameters: typeof parameters;
    readonly responses: Record<string, Response>;
  };
}

const DESCRIPTION = [
  'Event-sourced control plane for LLM inference on GPU clusters.',
  'Every write answers `{ streamId, version, checkpoint, events }`; pass `checkpoint` as `minCheckpoint` to a read to read your write.',
  'Every write accepts `Idempotency-Key`; errors are `{ "error": { "code", "message", "details": [{ "path", "reason" }] } }` and append nothing.',
].join('\n\n');

/** Builds the document; request bodies come from the domain's zod schemas. */
export function buildOpenApiDocument(): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: { title: 'Keel admin API', version: '1', description: DESCRIPTION },
    servers: [{ url: '/' }],
    tags: ['nodes', 'models', 'deployments', 'pods', 'cluster', 'scheduling', 'events', 'health'].map((name) => ({ name })),
    paths: { ...nodePaths, ...modelPaths, ...deploymentPaths, ...otherPaths, ...historyPaths, ...schedulingPaths },
    components: {
      schemas: { WriteResponse: writeResponseSchema, Error: errorSchema, ...readSchemas, ...historySchemas },
      parameters,
      responses: errorResponses,
    },
  };
}
