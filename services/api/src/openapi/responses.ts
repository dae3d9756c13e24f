import { type JsonSchema, type Response } from './types';

/** What every write answers. */
export const writeResponseSchema: JsonSchema = {
  type: 'object',
  required: ['streamId', 'version', 'checkpoint', 'events'],
  properties: {
    streamId: { type: 'string', examples: ['node-gpu-node-01'] },
    version: { type: 'integer', description: 'stream version after the write' },
    checkpoint: { type: 'string', description: 'pass as `minCheckpoint` to read your write', examples: ['1234:56'] },
    events: { type: 'array', items: { type: 'string' }, description: 'types of the events appended (empty when nothing changed)' },
  },
};

/** The JSON body of every error. */
export const errorSchema: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      properties: {
        code: { type: 'string', examples: ['Validation'] },
        message: { type: 'string' },
        details: { type: 'array', items: { type: 'object', required: ['path', 'reason'], properties: { path: { type: 'string' }, reason: { type: 'string' } } } },
      },
    },
  },
};

const problem = (description: string): Response => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

const STATUS_OF = { BadRequest: '400', NotFound: '404', Conflict: '409', PayloadTooLarge: '413', UnsupportedMediaType: '415', FitFailure: '422', NotCaughtUp: '503' } as const;

/** A named error response. */
export type ErrorName = keyof typeof STATUS_OF;

/** Error responses by name; no error appends anything. */
export const errorResponses: Record<ErrorName, Response> = {
  BadRequest: problem('`Validation` (invalid or unknown field, with one detail per problem), `MalformedJson`'),
  NotFound: problem('`NotFound`: no such resource'),
  Conflict: problem('`Conflict` (already exists), `IllegalState` (not allowed in the current state), `Concurrency` (a concurrent write won; retry), `IdempotencyKeyReused`'),
  PayloadTooLarge: problem('`PayloadTooLarge`: body over 1 MiB'),
  UnsupportedMediaType: problem('`UnsupportedMediaType`: a body that is not `application/json`'),
  FitFailure: problem('`FitFailure`: the model fits no acceptable GPU; the message carries the arithmetic (weights + KV cache + overhead per GPU)'),
  NotCaughtUp: problem('`NotCaughtUp`: the read models have not reached `minCheckpoint` in time; retry'),
};

/** References to the named error responses, keyed by status. */
export function errors(...names: ErrorName[]): Record<string, Response> {
  return Object.fromEntries(names.map((name) => [STATUS_OF[name], { $ref: `#/components/responses/${name}` }]));
}

/** A successful JSON response with `schema`. */
export function ok(description: string, schema: JsonSchema, headers?: Record<string, unknown>): Response {
  return { description, content: { 'application/json': { schema } }, ...(headers ? { headers } : {}) };
}

/** The response of a write with status `status`. */
export function written(status: 201 | 200): Record<string, Response> {
  const replayed = { 'Idempotent-Replayed': { description: '`true` when this answers a retry with the same Idempotency-Key', schema: { type: 'string', enum: ['true'] } } };
  return { [status]: ok(status === 201 ? 'created' : 'applied (or nothing to change)', { $ref: '#/components/schemas/WriteResponse' }, replayed) };
}
