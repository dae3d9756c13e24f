import { type CandidateScore, type DeploymentCommand } from '@keel/deployment-domain';
import { type MessageMetadata } from '@keel/kernel';
import { type ActiveNode, type DeviceClaim, type NodeCommand } from '@keel/node-domain';
import { type PodHandle } from './cluster-picture';

/** A command for one stream; the plan groups them per stream and decides them in order. */
export type PlannedCommand =
  | { readonly kind: 'node'; readonly stream: string; readonly command: Omit<NodeCommand, 'metadata'> }
  | { readonly kind: 'deployment'; readonly stream: string; readonly command: Omit<DeploymentCommand, 'metadata'> };

/** Commands plus the metadata every decided event carries. */
export interface Plan {
  readonly commands: readonly PlannedCommand[];
  readonly metadata: MessageMetadata;
  /** Durable idempotency key of the append (binds), so a replayed decision binds nothing twice. */
  readonly idempotencyKey?: string;
}

const nodeCommand = (node: string, command: Omit<NodeCommand, 'metadata'>): PlannedCommand => ({ kind: 'node', stream: `node-${node}`, command });
const deploymentCommand = (name: string, command: Omit<DeploymentCommand, 'metadata'>): PlannedCommand => ({
  kind: 'deployment',
  stream: `deployment-${name}`,
  command,
});

/** The device claims for a placement: the pod's milli on each device, its memory (whole device when exclusive). */
export function claimsFor(handle: PodHandle, node: ActiveNode, gpus: readonly number[]): { claims: DeviceClaim[]; gpuModel: string } {
  const { request } = handle.pod;
  const profile = handle.spec.gpu?.migProfile;
  const takenMig = new Set(Object.values(node.pods).flatMap((p) => p.devices.flatMap((c) => (c.mig === undefined ? [] : [`${c.index}:${c.mig}`]))));
  const claims = gpus.map((index): DeviceClaim => {
    const device = node.devices[index];
    if (profile !== undefined && device?.mig) {
      const mig = device.mig.findIndex((p, i) => p === profile && !takenMig.has(`${index}:${i}`));
      takenMig.add(`${index}:${mig}`);
      return { index, milli: request.gpuMilli, memoryMiB: request.gpuMemoryMiB ?? 0, mig };
    }
    const memoryMiB = request.gpuMemoryMiB ?? (request.gpuMilli >= 1000 ? (device?.memoryMiB ?? 0) : 0);
    return { index, milli: request.gpuMilli, memoryMiB };
  });
  const first = node.devices[gpus[0] ?? 0];
  const gpuModel = profile === undefined ? (first?.model ?? '') : `${first?.model ?? ''}:${profile}`;
  return { claims, gpuModel };
}

/** AssignPod on the node stream and BindPod (with the score breakdown) on the deployment stream. */
export function bindCommands(handle: PodHandle, node: ActiveNode, gpus: readonly number[], candidates: readonly CandidateScore[]): PlannedCommand[] {
  const { claims, gpuModel } = claimsFor(handle, node, gpus);
  const deployment = handle.deployment.name;
  const pod = handle.pod.name;
  const { cpuMilli, memoryMiB } = handle.pod.request;
  return [
    nodeCommand(node.name, { type: 'AssignPod', data: { node: node.name, pod, deployment, devices: claims, cpuMilli, memoryMiB, gpuModel } }),
    deploymentCommand(deployment, { type: 'BindPod', data: { name: deployment, pod, node: node.name, gpuModel, devices: claims, candidates: [...candidates] } }),
  ];
}

/** PreemptPod on the victim's deployment and ReleasePod on its node. */
export function preemptCommands(victim: PodHandle, node: string, by: PodHandle): PlannedCommand[] {
  const name = victim.deployment.name;
  const reason = `priority ${by.pod.request.priority} > ${victim.pod.request.priority}`;
  return [
    deploymentCommand(name, { type: 'PreemptPod', data: { name, pod: victim.pod.name, node, by: `${by.deployment.name}/${by.pod.name}`, reason } }),
    nodeCommand(node, { type: 'ReleasePod', data: { node, deployment: name, pod: victim.pod.name } }),
  ];
}

/** Record why a pod is pending. */
export function unschedulableCommand(handle: PodHandle, message: string, reasons: Readonly<Record<string, number>>): PlannedCommand {
  const name = handle.deployment.name;
  return deploymentCommand(name, { type: 'RecordPodUnschedulable', data: { name, pod: handle.pod.name, message, reasons } });
}

/** Put a pod whose node no longer holds it back to Pending. */
export function evictCommand(deployment: string, pod: string, node: string, reason: string): PlannedCommand {
  return deploymentCommand(deployment, { type: 'EvictPod', data: { name: deployment, pod, node, reason } });
}

/** Free what a node holds for a pod its deployment no longer places there. */
export function releaseCommand(node: string, deployment: string, pod: string): PlannedCommand {
  return nodeCommand(node, { type: 'ReleasePod', data: { node, deployment, pod } });
}
