/** A JSON Schema (OpenAPI 3.1 schema objects are JSON Schema 2020-12). */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** An OpenAPI parameter object. */
export interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required?: boolean;
  readonly description: string;
  readonly schema: JsonSchema;
}

/** An OpenAPI response object, or a reference to one in `components.responses`. */
export type Response = { readonly description: string; readonly content?: Record<string, { schema: JsonSchema }>; readonly headers?: Record<string, unknown> } | { readonly $ref: string };

/** An OpenAPI operation object. */
export interface Operation {
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly parameters?: readonly (Parameter | { readonly $ref: string })[];
  readonly requestBody?: { readonly required: boolean; readonly content: { readonly 'application/json': { readonly schema: JsonSchema } } };
  readonly responses: Readonly<Record<string, Response>>;
}

/** HTTP methods this API uses. */
export type Method = 'get' | 'post' | 'put' | 'delete';

/** Path template (`/v1/nodes/{name}`) → method → operation. */
export type Paths = Record<string, Partial<Record<Method, Operation>>>;
