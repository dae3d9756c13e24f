import {
  type Labels,
  type NodeSelectorRequirement,
  type NodeSelectorTerm,
  type PodSpec,
} from '@keel/scheduler-framework';

/** One node selector requirement (In, NotIn — true when the key is absent —, Exists, DoesNotExist, Gt, Lt). */
export function matchesNodeRequirement(labels: Labels, req: NodeSelectorRequirement): boolean {
  const value = labels[req.key];
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt':
      return compareInts(value, values, req.operator);
  }
}

function compareInts(value: string | undefined, values: readonly string[], op: 'Gt' | 'Lt'): boolean {
  if (value === undefined || values.length !== 1) return false;
  const left = parseStrictInt(value);
  const right = parseStrictInt(values[0] ?? '');
  if (left === undefined || right === undefined) return false;
  return op === 'Gt' ? left > right : left < right;
}

function parseStrictInt(text: string): number | undefined {
  return /^[+-]?\d+$/.test(text) ? Number(text) : undefined;
}

/** A term matches when all its expressions do; an empty term matches nothing (core/v1). */
export function matchesNodeTerm(labels: Labels, term: NodeSelectorTerm): boolean {
  const exprs = term.matchExpressions ?? [];
  if (exprs.length === 0) return false;
  for (const req of exprs) if (!matchesNodeRequirement(labels, req)) return false;
  return true;
}

/** nodeSelector (exact, node labels may be a superset) AND required node affinity (terms ORed). */
export function matchesPodNodeConstraints(pod: PodSpec, labels: Labels): boolean {
  const selector = pod.nodeSelector;
  if (selector !== undefined) for (const key in selector) if (labels[key] !== selector[key]) return false;
  const required = pod.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required === undefined) return true;
  for (const term of required.nodeSelectorTerms) if (matchesNodeTerm(labels, term)) return true;
  return false;
}

/** Whether the pod constrains nodes at all (fast path for unconstrained pods). */
export function hasNodeConstraints(pod: PodSpec): boolean {
  return pod.nodeSelector !== undefined || pod.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution !== undefined;
}
