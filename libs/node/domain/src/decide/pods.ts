import { DomainError } from '@keel/kernel';
import { allocationProblems } from '../capacity';
import { type AssignPodData } from '../commands';
import { type NodeEvent } from '../events';
import { isSchedulable, type NodeState, boundPodKey } from '../state';
import { sameJson } from '@keel/kernel';
import { requireActive } from './guards';

/**
 * Bind a pod to devices, CPU and memory. Never over-allocates a device (milli-GPU, memory, MIG instance),
 * CPU or memory; re-assigning identically is a no-op, differently a `Conflict`.
 */
export function decideAssign(data: AssignPodData, state: NodeState): NodeEvent[] {
  const node = requireActive(state, data.node);
  const { node: _node, gpuModel, ...allocation } = data;
  const existing = node.pods[boundPodKey(data.deployment, data.pod)];
  if (existing) {
    if (sameJson(existing, allocation)) return [];
    throw new DomainError('Conflict', `pod ${data.deployment}/${data.pod} is already assigned to node ${data.node} with different resources`);
  }
  if (!isSchedulable(node)) {
    const why = node.condition === 'Failed' ? 'Failed' : 'unschedulable (cordoned or drained)';
    throw new DomainError('IllegalState', `node ${data.node} is ${why}; pod ${data.pod} cannot be assigned`);
  }
  const problems = allocationProblems(node, { ...allocation, gpuModel });
  if (problems.length > 0) {
    const summary = problems.map((p) => p.reason).join('; ');
    throw new DomainError('IllegalState', `pod ${data.pod} does not fit on node ${data.node}: ${summary}`, problems);
  }
  return [{ type: 'PodAssigned', data: { ...allocation, node: data.node } }];
}

/** Free what a deployment's pod holds; releasing a pod that is not bound is a no-op. */
export function decideRelease(nodeName: string, deployment: string, pod: string, state: NodeState): NodeEvent[] {
  if (state.status === 'Deregistered') return [];
  const node = requireActive(state, nodeName);
  if (!node.pods[boundPodKey(deployment, pod)]) return [];
  return [{ type: 'PodReleased', data: { node: nodeName, pod, deployment } }];
}
