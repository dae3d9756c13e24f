import { createHash, randomUUID } from 'node:crypto';
import { type Request } from 'express';
import { type MessageMetadata } from '@keel/kernel';
import { HttpProblem } from './api-error';

/** Everything about a write request besides its payload. */
export interface WriteContext {
  readonly metadata: MessageMetadata;
  readonly idempotencyKey?: string;
  /** Identifies "the same request" for the idempotency key: method, path and body. */
  readonly requestHash: string;
}

const ACTOR = /^[A-Za-z0-9@._:\-/]{1,128}$/;
const KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * Reads the actor (`X-Keel-Actor`, until authentication lands), correlation id (`X-Correlation-Id`) and
 * `Idempotency-Key` headers; time comes from the server clock here, at the edge, never in the domain.
 */
export function writeContext(request: Request, now: Date): WriteContext {
  const actor = header(request, 'x-keel-actor') ?? 'anonymous';
  if (!ACTOR.test(actor)) throw new HttpProblem(400, 'Validation', 'X-Keel-Actor: must be 1-128 characters of letters, digits and @._:-/', [{ path: 'X-Keel-Actor', reason: 'invalid actor' }]);
  const key = header(request, 'idempotency-key');
  if (key !== undefined && !KEY.test(key)) throw new HttpProblem(400, 'Validation', 'Idempotency-Key: must be 1-200 visible ASCII characters', [{ path: 'Idempotency-Key', reason: 'invalid key' }]);
  const correlationId = header(request, 'x-correlation-id') ?? randomUUID();
  const requestHash = createHash('sha256')
    .update(`${request.method} ${request.path}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
  return {
    metadata: { actor, correlationId, time: now.toISOString() },
    idempotencyKey: key === undefined ? undefined : `http:${key}`,
    requestHash,
  };
}

function header(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The request body as a JSON object, or a 400 naming `body`. */
export function bodyObject(request: Request): Record<string, unknown> {
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
