import { createHash, randomUUID } from 'node:crypto';
import { type FastifyRequest } from 'fastify';
import { type MessageMetadata } from '@keel/kernel';
import { HttpProblem } from './api-error';

/** Everything about a write request besides its payload. */
export interface WriteContext {
  readonly metadata: MessageMetadata;
  /** Namespaced by transport (`http:<key>`, `grpc:<key>`): the same key on two transports is two keys. */
  readonly idempotencyKey?: string;
  /** Identifies "the same request" for the idempotency key: the operation and its payload. */
  readonly requestHash: string;
  /** When set, the write applies only while the stream is at exactly this version (0: no stream yet). */
  readonly expectedVersion?: number;
}

/** A write's context as a transport received it, before validation. */
export interface WriteInput {
  readonly transport: 'http' | 'grpc';
  readonly actor: string | undefined;
  readonly idempotencyKey: string | undefined;
  readonly correlationId: string | undefined;
  readonly expectedVersion?: number;
  /** The operation (with its query string) and its payload, e.g. `DELETE /v1/nodes/n1?force=true\n{}`. */
  readonly request: string;
  /** How the transport names each input, for error details (a header, metadata key or field). */
  readonly names: { readonly actor: string; readonly idempotencyKey: string; readonly expectedVersion: string };
}

const ACTOR = /^[A-Za-z0-9@._:\-/]{1,128}$/;
const KEY = /^[\x21-\x7e]{1,200}$/;

/** Validates a write's context (a 400 naming the input) and stamps it with the server's time: time comes from the edge, never the domain. */
export function makeWriteContext(input: WriteInput, now: Date): WriteContext {
  const { names } = input;
  const actor = input.actor ?? 'anonymous';
  if (!ACTOR.test(actor)) throw new HttpProblem(400, 'Validation', `${names.actor}: must be 1-128 characters of letters, digits and @._:-/`, [{ path: names.actor, reason: 'invalid actor' }]);
  const key = input.idempotencyKey;
  if (key !== undefined && !KEY.test(key)) throw new HttpProblem(400, 'Validation', `${names.idempotencyKey}: must be 1-200 visible ASCII characters`, [{ path: names.idempotencyKey, reason: 'invalid key' }]);
  const expected = input.expectedVersion;
  if (expected !== undefined && (!Number.isSafeInteger(expected) || expected < 0)) {
    throw new HttpProblem(400, 'Validation', `${names.expectedVersion}: must be a non-negative integer`, [{ path: names.expectedVersion, reason: 'must be a non-negative integer' }]);
  }
  return {
    metadata: { actor, correlationId: input.correlationId ?? randomUUID(), time: now.toISOString() },
    idempotencyKey: key === undefined ? undefined : `${input.transport}:${key}`,
    requestHash: createHash('sha256').update(input.request).digest('hex'),
    ...(expected === undefined ? {} : { expectedVersion: expected }),
  };
}

/**
 * Reads the actor (`X-Keel-Actor`, until authentication lands), correlation id (`X-Correlation-Id`) and
 * `Idempotency-Key` headers of a REST write.
 */
export function writeContext(request: FastifyRequest, now: Date): WriteContext {
  return makeWriteContext(
    {
      transport: 'http',
      actor: header(request, 'x-keel-actor'),
      idempotencyKey: header(request, 'idempotency-key'),
      correlationId: header(request, 'x-correlation-id'),
      request: `${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`,
      names: { actor: 'X-Keel-Actor', idempotencyKey: 'Idempotency-Key', expectedVersion: 'expectedVersion' },
    },
    now,
  );
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The request body as a JSON object, or a 400 naming `body`. */
export function bodyObject(request: FastifyRequest): Record<string, unknown> {
  const body: unknown = request.body;
  if (body === undefined || body === null || (typeof body === 'object' && Object.keys(body).length === 0 && !Array.isArray(body))) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpProblem(400, 'Validation', 'body: must be a JSON object', [{ path: 'body', reason: 'must be a JSON object' }]);
  }
  return body as Record<string, unknown>;
}

/** Merges the URL's resource name into the body; a different `name` in the body is a 400. */
export function withName(name: string, body: Record<string, unknown>, field = 'name'): Record<string, unknown> {
  if (body[field] !== undefined && body[field] !== name) {
    throw new HttpProblem(400, 'Validation', `${field}: must match the name in the URL ("${name}")`, [{ path: field, reason: 'does not match the URL' }]);
  }
  return { ...body, [field]: name };
}
