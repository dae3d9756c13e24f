import { type PreemptPodData, type RecordPodUnschedulableData } from '../commands';
import { type DeploymentEvent } from '../events';
import { type DeploymentState } from '../state';

/**
 * Record why a pending pod cannot be placed. Only a changed message is recorded, so a scheduler that
 * retries every pending pod on each pass does not flood the stream; bound, removed or unknown pods are
 * no-ops (the scheduler decided on a view that has moved on).
 */
export function decideUnschedulable(data: RecordPodUnschedulableData, state: DeploymentState): DeploymentEvent[] {
  if (state.status !== 'Active') return [];
  const pod = state.pods[data.pod];
  if (!pod || pod.phase !== 'Pending' || pod.unschedulableMessage === data.message) return [];
  return [{ type: 'PodUnschedulable', data: { deployment: data.name, pod: data.pod, message: data.message, reasons: data.reasons } }];
}

/** Evict a pod bound to `node` for a higher-priority pod: `PodEvicted` then `PodPreempted`. Stale requests are no-ops. */
export function decidePreempt(data: PreemptPodData, state: DeploymentState): DeploymentEvent[] {
  if (state.status !== 'Active') return [];
  const pod = state.pods[data.pod];
  if (!pod || pod.placement?.node !== data.node) return [];
  const ref = { deployment: data.name, pod: data.pod };
  return [
    { type: 'PodEvicted', data: { ...ref, node: data.node, reason: `preempted by ${data.by}` } },
    { type: 'PodPreempted', data: { ...ref, by: data.by, node: data.node, reason: data.reason } },
  ];
}
