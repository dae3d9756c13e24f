import { DomainError } from '@keel/kernel';
import { type SimulateInput, simulateInputSchema } from './input-schema';
import { checkReferences } from './to-cluster';

/**
 * Validate raw `cluster.json` content. Throws a `DomainError('Validation')` whose message starts with
 * the offending field path (e.g. `pods[2].gpu.milli: ...`); the CLI maps it to exit code 2.
 */
export function parseSimulateInput(raw: unknown): SimulateInput {
  const parsed = simulateInputSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), reason: issue.message }));
    const first = issues[0] ?? { path: '(root)', reason: 'invalid input' };
    throw new DomainError('Validation', `${first.path}: ${first.reason}`, issues);
  }
  checkReferences(parsed.data);
  return parsed.data;
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out === '' ? String(part) : `${out}.${String(part)}`), '');
}
