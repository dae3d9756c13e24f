import { type PodSpec } from '../model/pod';
import { type NodeState } from './node-state';

/** Add (sign 1) or release (sign -1) a pod's requests on a node and the devices it holds. */
export function applyPodToNode(node: NodeState, pod: PodSpec, gpus: readonly number[], sign: 1 | -1): void {
  node.usedCpuMilli += sign * pod.cpuMilli;
  node.usedMemoryMiB += sign * pod.memoryMiB;
  const gpu = pod.gpu;
  if (gpu !== undefined) {
    for (const device of gpus) {
      if (gpu.migProfile !== undefined) toggleMigSlice(node, device, gpu.migProfile, sign === 1);
      else {
        node.gpuUsedMilli[device] = (node.gpuUsedMilli[device] ?? 0) + sign * (gpu.milli ?? 1000);
        node.gpuUsedMemoryMiB[device] = (node.gpuUsedMemoryMiB[device] ?? 0) + sign * deviceMemoryShare(node, device, pod);
      }
    }
  }
  node.refreshGpuSummary();
  node.generation++;
}

/** Memory a pod takes on one device: what it asked for, or the whole device for an exclusive pod. */
export function deviceMemoryShare(node: { readonly gpuMemoryMiB: readonly number[] }, device: number, pod: PodSpec): number {
  const gpu = pod.gpu;
  if (gpu === undefined) return 0;
  if (gpu.memoryMiB !== undefined) return gpu.memoryMiB;
  return (gpu.milli ?? 1000) >= 1000 ? (node.gpuMemoryMiB[device] ?? 0) : 0;
}

function toggleMigSlice(node: NodeState, device: number, profile: string, take: boolean): void {
  const profiles = node.migProfiles[device] ?? [];
  const used = node.migUsed[device] ?? [];
  for (let i = 0; i < profiles.length; i++) {
    if (profiles[i] === profile && used[i] === !take) {
      used[i] = take;
      return;
    }
  }
}
