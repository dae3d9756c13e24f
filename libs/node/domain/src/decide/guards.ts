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
