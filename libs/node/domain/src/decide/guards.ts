import { DomainError } from '@keel/kernel';
import { type ActiveNode, type NodeState } from '../state';
import { type EvictedPod } from '../types';

/** The active node, or `NotFound` when the stream holds no (or a deregistered) node. */
export function requireActive(state: NodeState, name: string): ActiveNode {
  if (state.status !== 'Active') throw new DomainError('NotFound', `node ${name} not found`);
  return state;
}

/** Every pod bound to the node, as eviction notices. */
export function evictionsOf(node: ActiveNode): EvictedPod[] {
  return Object.values(node.pods).map(({ pod, deployment }) => ({ pod, deployment }));
}

/** Structural equality for plain JSON values with keys compared order-independently. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    entries.sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
