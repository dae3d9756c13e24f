import { HttpProblem } from './api-error';
import { parseLimit } from './pagination';

/** Query parameters every collection read accepts. */
export interface ListQuery {
  limit?: string | number;
  cursor?: string;
  minCheckpoint?: string;
}

/** Page request from the query string. */
export function pageOf(query: ListQuery): { limit: number; cursor?: string } {
  return { limit: parseLimit(query.limit), ...(query.cursor ? { cursor: query.cursor } : {}) };
}

/** The resource, or a 404 naming it. */
export function found<T>(value: T | null | undefined, kind: string, name: string): T {
  if (value === null || value === undefined) throw new HttpProblem(404, 'NotFound', `${kind} ${name} not found`);
  return value;
}
