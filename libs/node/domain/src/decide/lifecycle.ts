import { DomainError } from '@keel/kernel';
import { type NodeEvent } from '../events';
import { type NodeState } from '../state';
import { evictionsOf, requireActive } from './guards';

/** Mark the node unschedulable; pods keep running. Idempotent. */
export function decideCordon(name: string, state: NodeState): NodeEvent[] {
  const node = requireActive(state, name);
  return node.unschedulable ? [] : [{ type: 'NodeCordoned', data: { name } }];
}

/** Make the node schedulable again; `IllegalState` while it is failed. Idempotent. */
export function decideUncordon(name: string, state: NodeState): NodeEvent[] {
  const node = requireActive(state, name);
  if (node.condition === 'Failed') throw new DomainError('IllegalState', `node ${name} is Failed; recover it before uncordoning`);
  return node.unschedulable ? [{ type: 'NodeUncordoned', data: { name } }] : [];
}

/** Mark the node unschedulable and evict every bound pod so its owner can reschedule it. */
export function decideDrain(name: string, reason: string | undefined, state: NodeState): NodeEvent[] {
  const node = requireActive(state, name);
  const evicted = evictionsOf(node);
  if (node.unschedulable && evicted.length === 0) return [];
  return [{ type: 'NodeDrained', data: { name, ...(reason === undefined ? {} : { reason }), evicted } }];
}

/** Record the node as lost; every bound pod is evicted with it. Idempotent. */
export function decideFail(name: string, reason: string, state: NodeState): NodeEvent[] {
  const node = requireActive(state, name);
  if (node.condition === 'Failed') return [];
  return [{ type: 'NodeFailed', data: { name, reason, evicted: evictionsOf(node) } }];
}

/** Bring a failed node back; its cordon flag is left as it was. Idempotent. */
export function decideRecover(name: string, state: NodeState): NodeEvent[] {
  const node = requireActive(state, name);
  return node.condition === 'Failed' ? [{ type: 'NodeRecovered', data: { name } }] : [];
}

/** Remove the node; refused while pods are bound unless `force`, which drains first. */
export function decideDeregister(name: string, force: boolean, state: NodeState): NodeEvent[] {
  if (state.status === 'Deregistered') return [];
  const node = requireActive(state, name);
  const evicted = evictionsOf(node);
  if (evicted.length > 0 && !force) {
    throw new DomainError(
      'IllegalState',
      `node ${name} still has ${evicted.length} bound pod(s); drain it first or deregister with force`,
      evicted.map(({ pod }) => ({ path: `pods.${pod}`, reason: 'bound to this node' })),
    );
  }
  const drained: NodeEvent[] = evicted.length > 0 ? [{ type: 'NodeDrained', data: { name, reason: 'deregistered', evicted } }] : [];
  return [...drained, { type: 'NodeDeregistered', data: { name } }];
}
