import { DomainError } from '@keel/kernel';
import { type BindPodData } from '../commands';
import { type DeploymentEvent } from '../events';
import { type DeploymentState } from '../state';
import { sameJson } from '@keel/kernel';
import { requireActive } from './guards';

/** Record a pending pod's placement; the same placement again is a no-op, another one a `Conflict`. */
export function decideBind(data: BindPodData, state: DeploymentState): DeploymentEvent[] {
  const deployment = requireActive(state, data.name);
  const pod = deployment.pods[data.pod];
  if (!pod) throw new DomainError('NotFound', `pod ${data.pod} of deployment ${data.name} not found`);
  const placement = { node: data.node, gpuModel: data.gpuModel, devices: data.devices };
  if (pod.phase === 'Bound') {
    if (sameJson(pod.placement, placement)) return [];
    throw new DomainError('Conflict', `pod ${data.pod} is already bound to node ${pod.placement?.node ?? '?'}`);
  }
  if (!pod.request.gpuModels.includes(data.gpuModel)) {
    const reason = `the model does not fit ${data.gpuModel}; it fits ${pod.request.gpuModels.join(', ')}`;
    throw new DomainError('IllegalState', `pod ${data.pod}: ${reason}`, [{ path: 'gpuModel', reason }]);
  }
  if (data.devices.length !== pod.request.gpus || data.devices.some((d) => d.milli !== pod.request.gpuMilli)) {
    const reason = `pod needs ${pod.request.gpus} device(s) of ${pod.request.gpuMilli} milli-GPU`;
    throw new DomainError('IllegalState', `pod ${data.pod}: ${reason}`, [{ path: 'devices', reason }]);
  }
  const bound: DeploymentEvent = { type: 'PodBound', data: { deployment: data.name, pod: data.pod, ...placement } };
  if (data.candidates === undefined) return [bound];
  const devices = data.devices.map((d) => d.index);
  return [bound, { type: 'PodScheduled', data: { deployment: data.name, pod: data.pod, node: data.node, devices, candidates: data.candidates } }];
}

/** Put a pod bound to `node` back to Pending. Evictions for pods that are gone, pending or elsewhere are no-ops. */
export function decideEvict(name: string, podName: string, node: string, reason: string, state: DeploymentState): DeploymentEvent[] {
  if (state.status === 'Deleted') return [];
  const deployment = requireActive(state, name);
  const pod = deployment.pods[podName];
  if (!pod || pod.placement?.node !== node) return [];
  return [{ type: 'PodEvicted', data: { deployment: name, pod: podName, node, reason } }];
}
