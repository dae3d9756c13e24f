import { benchScheduler } from '@keel/scheduler-simulator';

/** Result printed by `keel bench scheduler --json`. */
export interface SchedulerBenchResult {
  readonly nodes: number;
  readonly gpusPerNode: number;
  readonly plainPodsPerSec: number;
  readonly constrainedPodsPerSec: number;
  readonly p99DecisionMs: number;
  readonly quick: boolean;
  readonly at: string;
}

/**
 * Scheduling throughput of the default profile on a synthetic cluster: plain one-GPU pods, then pods with
 * required hostname anti-affinity + zone spread + required node affinity (see libs/scheduler/simulator).
 */
export function benchSchedulerRun(options: { nodes: number; gpusPerNode: number; quick: boolean }): SchedulerBenchResult {
  const result = benchScheduler({
    nodes: options.nodes,
    gpusPerNode: options.gpusPerNode,
    ...(options.quick ? { plainPods: 3000, constrainedPods: 1500 } : {}),
  });
  return { nodes: options.nodes, gpusPerNode: options.gpusPerNode, ...result, quick: options.quick, at: new Date().toISOString() };
}
