import { DomainError } from '@keel/kernel';
import { buildProfile, ClusterState, scheduleOne, seededRng } from '@keel/scheduler-framework';
import { defaultRegistry } from '@keel/scheduler-plugins';
import { buildArrivals } from './arrivals';
import { type OpenbPolicy, openbProfileConfig } from './policies';
import { parseOpenbNodes, parseOpenbPods } from './trace';
import { openbGpuMilli, toPodSpec, typicalPodsOf } from './workload';

/** Input of one openb run: CSV texts (not paths, so this stays pure), policy and seed. */
export interface OpenbInput {
  readonly nodesCsv: string;
  readonly podsCsv: string;
  readonly policy: OpenbPolicy;
  readonly seed: number;
  /** Arrived load to simulate up to, % of GPU capacity (default 130). */
  readonly targetPct?: number;
  /** FGD typical pods: share of pods whose shapes are used (default 100 = all; the paper's walk used 95). */
  readonly typicalPodThresholdPct?: number;
}

/** One point of the allocation curve. */
export interface CurvePoint {
  readonly arrivedPct: number;
  readonly allocatedGpuPct: number;
}

/** Result in the CLI's `--json` shape. */
export interface OpenbResult {
  readonly policy: OpenbPolicy;
  readonly seed: number;
  readonly totalGpus: number;
  readonly unallocatedGpuPctAt100: number;
  readonly curve: readonly CurvePoint[];
}

/**
 * The FGD paper's protocol: pods only arrive, shuffled by seed, resampled to 130% of GPU capacity;
 * each is scheduled by the live plugins and bound if it fits; allocation is recorded at every 1% of
 * arrived GPU load.
 */
export function runOpenb(input: OpenbInput): OpenbResult {
  const nodes = parseOpenbNodes(input.nodesCsv);
  const trace = parseOpenbPods(input.podsCsv);
  const state = new ClusterState(nodes);
  const capacity = state.stats.totalGpus * 1000;
  const built = buildProfile(openbProfileConfig(input.policy, input.seed, typicalPodsOf(trace, input.typicalPodThresholdPct)), defaultRegistry());
  if (!built.ok) throw new DomainError('Validation', built.error);
  const rng = seededRng(input.seed);
  const target = input.targetPct ?? 130;
  const arrivals = buildArrivals(trace, rng, capacity, target);
  const curve: CurvePoint[] = [];
  let arrived = 0;
  let allocated = 0;
  for (let i = 0; i < arrivals.length && curve.length < target; i++) {
    const pod = arrivals[i];
    if (pod === undefined) continue;
    const spec = toPodSpec(pod, `${pod.name}-${i}`);
    const result = scheduleOne(spec, state, built.value);
    if (result.kind === 'Scheduled') {
      state.bind(spec, result.node, result.gpus);
      allocated += openbGpuMilli(pod);
    }
    arrived += openbGpuMilli(pod);
    while (curve.length < target && arrived >= ((curve.length + 1) * capacity) / 100) {
      curve.push({ arrivedPct: curve.length + 1, allocatedGpuPct: round3((100 * allocated) / capacity) });
    }
  }
  const at100 = curve[99]?.allocatedGpuPct ?? round3((100 * allocated) / capacity);
  return { policy: input.policy, seed: input.seed, totalGpus: state.stats.totalGpus, unallocatedGpuPctAt100: round3(100 - at100), curve };
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
