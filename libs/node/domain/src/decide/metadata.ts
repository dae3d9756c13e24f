import { type Taint } from '../types';
import { type NodeEvent } from '../events';
import { type NodeState } from '../state';
import { sameJson } from '@keel/kernel';
import { requireActive } from './guards';

/** Replace the node's labels; no event when they are unchanged. */
export function decideLabels(name: string, labels: Readonly<Record<string, string>>, state: NodeState): NodeEvent[] {
  const node = requireActive(state, name);
  return sameJson(node.labels, labels) ? [] : [{ type: 'NodeLabelsUpdated', data: { name, labels } }];
}

/** Replace the node's taints; no event when they are unchanged. */
export function decideTaints(name: string, taints: readonly Taint[], state: NodeState): NodeEvent[] {
  const node = requireActive(state, name);
  return sameJson(node.taints, taints) ? [] : [{ type: 'NodeTaintsUpdated', data: { name, taints } }];
}
