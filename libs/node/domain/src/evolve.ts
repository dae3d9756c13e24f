import { assertNever } from '@keel/kernel';
import { type NodeEvent } from './events';
import { type ActiveNode, type NodeState, boundPodKey } from './state';
import { type EvictedPod, type PodAllocation } from './types';

function withoutPods(pods: ActiveNode['pods'], evicted: readonly EvictedPod[]): Record<string, PodAllocation> {
  const gone = new Set(evicted.map((e) => boundPodKey(e.deployment, e.pod)));
  return Object.fromEntries(Object.entries(pods).filter(([key]) => !gone.has(key)));
}

function evolveActive(node: ActiveNode, event: NodeEvent): NodeState {
  switch (event.type) {
    case 'NodeRegistered':
      return node;
    case 'NodeLabelsUpdated':
      return { ...node, labels: event.data.labels };
    case 'NodeTaintsUpdated':
      return { ...node, taints: event.data.taints };
    case 'NodeCordoned':
      return { ...node, unschedulable: true };
    case 'NodeUncordoned':
      return { ...node, unschedulable: false };
    case 'NodeDrained':
      return { ...node, unschedulable: true, pods: withoutPods(node.pods, event.data.evicted) };
    case 'NodeFailed':
      return { ...node, condition: 'Failed', pods: withoutPods(node.pods, event.data.evicted) };
    case 'NodeRecovered':
      return { ...node, condition: 'Ready' };
    case 'NodeDeregistered':
      return { status: 'Deregistered', name: node.name };
    case 'PodAssigned': {
      const { node: _node, ...allocation } = event.data;
      return { ...node, pods: { ...node.pods, [boundPodKey(allocation.deployment, allocation.pod)]: allocation } };
    }
    case 'PodReleased':
      return { ...node, pods: withoutPods(node.pods, [event.data]) };
    default:
      return assertNever(event);
  }
}

/** Apply one event. Total: an event that does not apply to the current status leaves the state as it is. */
export function evolveNode(state: NodeState, event: NodeEvent): NodeState {
  if (event.type === 'NodeRegistered') {
    return { status: 'Active', ...event.data, unschedulable: false, condition: 'Ready', pods: {} };
  }
  return state.status === 'Active' ? evolveActive(state, event) : state;
}
