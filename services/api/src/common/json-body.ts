import { type FastifyInstance, type FastifyRequest } from 'fastify';
import { HttpProblem } from './api-error';

/** Largest request body accepted (a 413 above it). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

type Done = (error: Error | null, value?: unknown) => void;

/**
 * Makes `application/json` the only body type (others get 415) and registers its parser: Fastify's own (which refuses `__proto__` and
 * `constructor.prototype` keys), except that an empty body is an empty object — actions such as
 * `POST /v1/nodes/{name}/cordon` carry none — and that a body it cannot parse is a 400 naming `body`.
 * Any JSON value gets through; handlers that need an object answer a 400 naming `body`.
 */
export function useJsonBodies(fastify: FastifyInstance): void {
  // JSON only: any other body is a 415.
  fastify.removeContentTypeParser('text/plain');
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES }, (request: FastifyRequest, body: string | Buffer, done: Done) => {
    const text = body.toString();
    // `{}`, as Express's body parser gave: requests hash their body for Idempotency-Key, so a retry of a
    // bodiless action sent before the move to Fastify still matches.
    if (text.trim() === '') return done(null, {});
    parse(request, text, (error: Error | null, value?: unknown) =>
      error ? done(new HttpProblem(400, 'MalformedJson', `request body is not valid JSON: ${error.message}`, [{ path: 'body', reason: 'not valid JSON' }])) : done(null, value),
    );
  });
}
