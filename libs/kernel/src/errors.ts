/** Stable error codes, mapped once per transport (HTTP status, gRPC status). */
export type DomainErrorCode =
  | 'Validation'
  | 'NotFound'
  | 'Conflict'
  | 'IllegalState'
  | 'Concurrency'
  | 'FitFailure'
  | 'Unauthorized'
  | 'Forbidden';

/** One problem with one input field. */
export interface FieldIssue {
  /** Dotted path to the field, e.g. `template.gpu.count`. */
  readonly path: string;
  readonly reason: string;
}

/** The one error type domain code throws; `code` is stable, `message` is for people. */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: readonly FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Shorthand for a validation error on one field. */
export function invalid(path: string, reason: string): DomainError {
  return new DomainError('Validation', `${path}: ${reason}`, [{ path, reason }]);
}
