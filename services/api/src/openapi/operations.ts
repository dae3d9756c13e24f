import { consistencyParameters, nameParameter, pageParameters, writeHeaders } from './parameters';
import { type ErrorName, errors, ok, written } from './responses';
import { page } from './read-schemas';
import { type JsonSchema, type Operation, type Parameter } from './types';

/** What differs between write operations. */
export interface WriteSpec {
  readonly id: string;
  readonly summary: string;
  readonly tag: string;
  /** The request body's schema; omitted when the operation takes none. */
  readonly body?: JsonSchema;
  /** A body with no required field may be left out. */
  readonly bodyOptional?: boolean;
  /** The resource kind named by `{name}` in the path, if any. */
  readonly named?: string;
  readonly query?: readonly Parameter[];
  readonly status: 201 | 200;
  readonly errors: readonly ErrorName[];
  readonly description?: string;
}

/** A write: headers, optional body, the write response and the listed errors (always 400 and 413 with a body). */
export function write(spec: WriteSpec): Operation {
  const failures: ErrorName[] = ['BadRequest', ...spec.errors, ...(spec.body ? (['PayloadTooLarge', 'UnsupportedMediaType'] as const) : [])];
  return {
    operationId: spec.id,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: [spec.tag],
    parameters: [...(spec.named ? [nameParameter(spec.named)] : []), ...(spec.query ?? []), ...writeHeaders],
    ...(spec.body ? { requestBody: { required: !spec.bodyOptional, content: { 'application/json': { schema: spec.body } } } } : {}),
    responses: { ...written(spec.status), ...errors(...failures) },
  };
}

/** `GET` of a collection: pagination, `minCheckpoint`, extra filters; a page of `item`. */
export function readList(id: string, summary: string, tag: string, item: string, filters: readonly Parameter[] = []): Operation {
  return {
    operationId: id,
    summary,
    tags: [tag],
    parameters: [...pageParameters, ...filters],
    responses: { 200: ok(`a page of ${item} items`, page(item)), ...errors('BadRequest', 'NotCaughtUp') },
  };
}

/** `GET` of one resource by `{name}`. */
export function readOne(id: string, summary: string, tag: string, item: string, extra: readonly Parameter[] = []): Operation {
  return {
    operationId: id,
    summary,
    tags: [tag],
    parameters: [nameParameter(tag.replace(/s$/, '')), ...consistencyParameters, ...extra],
    responses: { 200: ok(item, { $ref: `#/components/schemas/${item}` }), ...errors('BadRequest', 'NotFound', 'NotCaughtUp') },
  };
}
