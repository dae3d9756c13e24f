/** A value or a reason, for configuration-time checks that must not throw. */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** Wrap a value. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** Wrap a failure reason. */
export function fail<T>(error: string): Result<T> {
  return { ok: false, error };
}
