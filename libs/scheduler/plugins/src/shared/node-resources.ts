import { type NodeView, type PodSpec, podGpuMilli } from '@keel/scheduler-framework';

/** Free milli-GPU over the node's non-MIG devices. */
export function freeGpuMilli(node: NodeView): number {
  return node.freeGpuMilli;
}

/** Devices fully free (no compute share used). */
export function fullyFreeDevices(node: NodeView): number {
  let free = 0;
  for (let d = 0; d < node.gpuModel.length; d++) if (node.migProfiles[d] === undefined && (node.gpuUsedMilli[d] ?? 0) === 0) free++;
  return free;
}

/** Fractions of capacity the node would have in use after placing the pod: cpu, memory, gpu (-1 if no GPUs). */
export function utilisationAfter(node: NodeView, pod: PodSpec): [number, number, number] {
  const cpu = (node.usedCpuMilli + pod.cpuMilli) / Math.max(1, node.cpuMilli);
  const memory = (node.usedMemoryMiB + pod.memoryMiB) / Math.max(1, node.memoryMiB);
  const capacity = node.gpuModel.length * 1000;
  const gpu = capacity === 0 ? -1 : (capacity - freeGpuMilli(node) + podGpuMilli(pod)) / capacity;
  return [Math.min(1, cpu), Math.min(1, memory), Math.min(1, gpu)];
}
