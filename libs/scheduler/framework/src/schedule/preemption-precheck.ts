import { type NodeView } from '../cluster/node-state';
import { type PlacedPod, type PodSpec, podGpuMilli } from '../model/pod';

/**
 * A necessary condition, on plain resource totals, for the pod to fit once every victim on the node is
 * gone: CPU, memory and total free milli-GPU. Nodes failing it are skipped without a dry run.
 */
export function couldFitWithout(pod: PodSpec, node: NodeView, units: readonly PlacedPod[][]): boolean {
  let cpu = node.usedCpuMilli;
  let memory = node.usedMemoryMiB;
  let gpuFree = node.freeGpuMilli;
  for (const unit of units) {
    for (const victim of unit) {
      if (victim.nodeName !== node.name) continue;
      cpu -= victim.cpuMilli;
      memory -= victim.memoryMiB;
      gpuFree += podGpuMilli(victim);
    }
  }
  return cpu + pod.cpuMilli <= node.cpuMilli && memory + pod.memoryMiB <= node.memoryMiB && podGpuMilli(pod) <= gpuFree;
}
