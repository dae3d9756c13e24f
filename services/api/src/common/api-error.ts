import { DomainError, type DomainErrorCode, type FieldIssue } from '@keel/kernel';
import { IdempotencyKeyReusedError, InvalidAppendError, WrongExpectedVersionError } from '@keel/event-store';

/** The JSON error body of every failed request. */
export interface ApiErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details: readonly FieldIssue[] };
}

/** An error already shaped for HTTP (status + body). */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly FieldIssue[] = [],
  ) {
    super(message);
  }
}

const STATUS: Record<DomainErrorCode, number> = {
  Validation: 400,
  NotFound: 404,
  Conflict: 409,
  IllegalState: 409,
  Concurrency: 409,
  FitFailure: 422,
  Unauthorized: 401,
  Forbidden: 403,
};

/** Maps any error to a status and body, once, for the HTTP transport. Unknown errors are 500s. */
export function toHttpProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error instanceof DomainError) return new HttpProblem(STATUS[error.code], error.code, error.message, error.details);
  if (error instanceof WrongExpectedVersionError) {
    return new HttpProblem(409, 'Concurrency', `${error.message}; retry the request`, [{ path: 'expectedVersion', reason: `actual version is ${error.actualVersion ?? 'none'}` }]);
  }
  if (error instanceof InvalidAppendError) return new HttpProblem(400, 'Validation', error.message, [{ path: error.field, reason: error.reason }]);
  if (error instanceof IdempotencyKeyReusedError) {
    return new HttpProblem(409, 'IdempotencyKeyReused', error.message, [{ path: 'Idempotency-Key', reason: 'already used for a different request' }]);
  }
  return new HttpProblem(500, 'Internal', 'internal error');
}

/** The body for a problem. */
export function problemBody(problem: HttpProblem): ApiErrorBody {
  return { error: { code: problem.code, message: problem.message, details: problem.details } };
}
