import { DomainError } from '@keel/kernel';
import { buildProfile, ClusterState, type PodSpec, type Profile, scheduleOne, seededRng } from '@keel/scheduler-framework';
import { defaultProfileConfig, defaultRegistry } from '@keel/scheduler-plugins';
import { constrainedPod, plainPod, syntheticNodes } from './synthetic-cluster';

/** Bench parameters (`keel bench scheduler --nodes 5000 --gpus-per-node 8`). */
export interface BenchSchedulerInput {
  readonly nodes: number;
  readonly gpusPerNode: number;
  /** Pods per phase (default 10,000 plain, 5,000 constrained). */
  readonly plainPods?: number;
  readonly constrainedPods?: number;
}

/** Bench output in the CLI's `--json` shape. */
export interface BenchSchedulerResult {
  readonly plainPodsPerSec: number;
  readonly constrainedPodsPerSec: number;
  readonly p99DecisionMs: number;
}

/**
 * Schedule-and-bind throughput of the default profile on a synthetic cluster: plain one-GPU pods, then
 * (on a fresh cluster) pods with required hostname anti-affinity + zone spread + node affinity.
 * p99 is over every decision of both phases.
 */
export function benchScheduler(input: BenchSchedulerInput): BenchSchedulerResult {
  const built = buildProfile(defaultProfileConfig(), defaultRegistry());
  if (!built.ok) throw new DomainError('Validation', built.error);
  const latencies: number[] = [];
  const plain = runPhase(input, built.value, input.plainPods ?? 10000, plainPod, latencies).podsPerSec;
  const services = Math.max(1, Math.floor(input.nodes / 20));
  const constrained = runPhase(input, built.value, input.constrainedPods ?? 5000, (i) => constrainedPod(i, services), latencies).podsPerSec;
  latencies.sort((a, b) => a - b);
  const p99 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? 0;
  return { plainPodsPerSec: Math.round(plain), constrainedPodsPerSec: Math.round(constrained), p99DecisionMs: Math.round(p99 * 1000) / 1000 };
}

/** One phase's outcome: throughput, the final state and how many pods were placed. */
export interface PhaseResult {
  readonly podsPerSec: number;
  readonly state: ClusterState;
  readonly scheduled: number;
}

/** Schedule and bind `count` pods made by `make` on a fresh synthetic cluster, timing each decision. */
export function runPhase(input: BenchSchedulerInput, profile: Profile, count: number, make: (i: number) => PodSpec, latencies: number[]): PhaseResult {
  const state = new ClusterState(syntheticNodes(input.nodes, input.gpusPerNode));
  const rng = seededRng(1);
  let start = 0;
  let scheduled = 0;
  const began = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const pod = make(i);
    const t0 = process.hrtime.bigint();
    const result = scheduleOne(pod, state, profile, { rng, startNodeIndex: start });
    if (result.kind === 'Scheduled') {
      state.bind(pod, result.node, result.gpus);
      start = result.nextStartNodeIndex;
      scheduled++;
    }
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const seconds = Number(process.hrtime.bigint() - began) / 1e9;
  return { podsPerSec: count / seconds, state, scheduled };
}
