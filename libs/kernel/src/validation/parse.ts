import { DomainError, type FieldIssue } from '../errors';
import { type z } from 'zod';

/** Render a zod path as `devices[0].memoryMiB`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => {
    if (typeof key === 'number') return `${acc}[${key}]`;
    return acc === '' ? String(key) : `${acc}.${String(key)}`;
  }, '');
}

function toFieldIssues(issue: z.core.$ZodIssue): FieldIssue[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), reason: 'unknown field' }));
  }
  // A bad record key reports its own reason one level down; surface it.
  const reason = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
  return [{ path: formatPath(issue.path) || '(root)', reason }];
}

/** Parse `data` with `schema` or throw `DomainError('Validation')` naming every bad field path. */
export function parseOrThrow<T>(schema: z.ZodType<T>, data: unknown, what: string): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const details = result.error.issues.flatMap(toFieldIssues);
  const summary = details.map((d) => `${d.path}: ${d.reason}`).join('; ');
  throw new DomainError('Validation', `invalid ${what}: ${summary}`, details);
}
