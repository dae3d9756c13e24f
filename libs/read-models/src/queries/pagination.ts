import { DomainError } from '@keel/kernel';
import { type Page, type PageRequest } from '../dto';

/** Default and largest page sizes. */
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

/** The page size asked for; `Validation` when it is not an integer in 1..{@link MAX_LIMIT}. */
export function pageLimit(request: PageRequest): number {
  const limit = request.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new DomainError('Validation', `limit must be an integer from 1 to ${MAX_LIMIT}`, [{ path: 'limit', reason: `must be 1..${MAX_LIMIT}` }]);
  }
  return limit;
}

/** An opaque cursor for a keyset position (the sort key of the last item). */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The keyset position of a cursor with `size` parts; `Validation` when it is not one of ours. */
export function decodeCursor(cursor: string, size: number): string[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === size && key.every((k) => typeof k === 'string')) return key as string[];
  } catch {
    // fall through to the validation error
  }
  throw new DomainError('Validation', 'cursor is not a cursor this API returned', [{ path: 'cursor', reason: 'malformed' }]);
}

/** Turns `limit + 1` fetched rows into a page whose cursor is the key of its last item. */
export function toPage<E, D>(rows: readonly E[], limit: number, key: (row: E) => readonly string[], map: (rows: readonly E[]) => readonly D[]): Page<D> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: map(items), nextCursor: rows.length > limit && last !== undefined ? encodeCursor(key(last)) : null };
}
