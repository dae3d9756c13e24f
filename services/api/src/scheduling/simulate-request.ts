import { z } from 'zod';
import { NAMESPACE } from '@keel/scheduler-application';
import { nodeInputSchema, podInputSchema } from '@keel/scheduler-simulator';
import { HttpProblem } from '../common/api-error';

/**
 * Body of `POST /v1/scheduling/simulate`: hypothetical pods (and optionally extra nodes) in the What-if
 * CLI format. Pods default to Keel's namespace (`keel`), so their (anti-)affinity and spread selectors
 * see the live pods as the live scheduler's do.
 */
export const simulateRequestSchema = z.strictObject({
  pods: z.array(podInputSchema.extend({ namespace: z.string().min(1).default(NAMESPACE) })),
  nodes: z.array(nodeInputSchema).default([]),
  seed: z.number().int().optional(),
});

/** A validated simulate request. */
export type SimulateRequest = z.output<typeof simulateRequestSchema>;

/** Validates the body; a 400 names every offending field by its path in the body (`pods[0].gpu.count`). */
export function parseSimulateRequest(body: unknown): SimulateRequest {
  const parsed = simulateRequestSchema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((issue) => ({ path: fieldPath(issue.path), reason: issue.message }));
  const first = details[0] ?? { path: 'body', reason: 'invalid' };
  throw new HttpProblem(400, 'Validation', `${first.path}: ${first.reason}`, details);
}

/** `pods[0].gpu.count` from zod's `['pods', 0, 'gpu', 'count']`; `body` for the root. */
export function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'body';
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out === '' ? String(part) : `${out}.${String(part)}`), '');
}
