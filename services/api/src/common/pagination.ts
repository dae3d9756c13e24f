import { HttpProblem } from './api-error';

/** Parses `limit` (1–1000, default 100), from a query string or a typed field. */
export function parseLimit(raw: string | number | undefined, fallback = 100): number {
  if (raw === undefined) return fallback;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new HttpProblem(400, 'Validation', 'limit: must be an integer from 1 to 1000', [{ path: 'limit', reason: 'must be an integer from 1 to 1000' }]);
  }
  return limit;
}

/** Parses a non-negative integer parameter, from a query string or a typed field. */
export function parseNonNegative(name: string, raw: string | number | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new HttpProblem(400, 'Validation', `${name}: must be a non-negative integer`, [{ path: name, reason: 'must be a non-negative integer' }]);
  }
  return value;
}
