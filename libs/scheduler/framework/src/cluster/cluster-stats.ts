import { type ClusterStats } from './cluster-snapshot';
import { type NodeState } from './node-state';

/** Cluster-wide constants, computed once per node set. */
export function computeStats(nodes: readonly NodeState[]): ClusterStats {
  let maxCpuMilli = 1;
  let maxMemoryMiB = 1;
  let maxGpuMilli = 1;
  let totalGpus = 0;
  let anyTaints = false;
  let anyUnschedulable = false;
  for (const n of nodes) {
    maxCpuMilli = Math.max(maxCpuMilli, n.cpuMilli);
    maxMemoryMiB = Math.max(maxMemoryMiB, n.memoryMiB);
    maxGpuMilli = Math.max(maxGpuMilli, n.gpuModel.length * 1000);
    totalGpus += n.gpuModel.length;
    anyTaints ||= n.taints.length > 0;
    anyUnschedulable ||= n.unschedulable;
  }
  return { maxCpuMilli, maxMemoryMiB, maxGpuMilli, totalGpus, anyTaints, anyUnschedulable };
}
