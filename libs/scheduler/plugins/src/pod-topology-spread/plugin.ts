import {
  type ClusterSnapshot,
  type CycleState,
  type FilterPlugin,
  type NodeView,
  type PluginFactory,
  type PodSpec,
  type PreFilterPlugin,
  type ScorePlugin,
  skip,
  type Status,
  success,
  unresolvable,
  unschedulable,
} from '@keel/scheduler-framework';
import { hardSpreadKey, resolveConstraints, softSpreadKey } from './spread-state';
import { type PodTopologySpreadArgs, parsePodTopologySpreadArgs } from './args';

/** Name under which PodTopologySpread is registered. */
export const POD_TOPOLOGY_SPREAD = 'PodTopologySpread';

const MISSING_LABEL = unresolvable("node(s) didn't match pod topology spread constraints (missing required label)");
const SKEW = unschedulable("node(s) didn't match pod topology spread constraints");
const OK = success();

/** topologySpreadConstraints: DoNotSchedule as a filter on skew, ScheduleAnyway as a score. */
export class PodTopologySpreadPlugin implements PreFilterPlugin, FilterPlugin, ScorePlugin {
  readonly name = POD_TOPOLOGY_SPREAD;

  preFilter(state: CycleState, pod: PodSpec, snapshot: ClusterSnapshot): Status {
    if (!(pod.topologySpreadConstraints ?? []).some((c) => c.whenUnsatisfiable === 'DoNotSchedule')) return skip();
    state.write(hardSpreadKey, resolveConstraints(pod, snapshot, 'DoNotSchedule'));
    return OK;
  }

  filter(state: CycleState, _pod: PodSpec, node: NodeView): Status {
    const constraints = state.read(hardSpreadKey);
    if (constraints === undefined) return OK;
    for (const c of constraints) if (!c.counts.hasKey(node.index)) return MISSING_LABEL;
    for (const c of constraints) {
      if (c.counts.countOn(node.index) + c.selfMatch - c.minMatch > c.constraint.maxSkew) return SKEW;
    }
    return OK;
  }

  preScore(state: CycleState, pod: PodSpec, snapshot: ClusterSnapshot): Status {
    if (!(pod.topologySpreadConstraints ?? []).some((c) => c.whenUnsatisfiable === 'ScheduleAnyway')) return skip();
    state.write(softSpreadKey, resolveConstraints(pod, snapshot, 'ScheduleAnyway'));
    return OK;
  }

  /** Raw: Σ matching-in-domain × log(domains + 2) + maxSkew − 1 (kube's weighting); lower is better. */
  score(state: CycleState, _pod: PodSpec, node: NodeView): number {
    const constraints = state.read(softSpreadKey);
    if (constraints === undefined || constraints.length === 0) return 0;
    let total = 0;
    for (const c of constraints) {
      const domain = node.labels[c.constraint.topologyKey];
      if (domain === undefined) return -1;
      total += (c.counts.counts.get(domain) ?? 0) * Math.log(c.domains + 2) + c.constraint.maxSkew - 1;
    }
    return total;
  }

  /** kube: 100 × (max + min − s) / max; nodes missing a key (−1) get 0. */
  normalizeScore(_state: CycleState, _pod: PodSpec, scores: Float64Array, count: number): void {
    let min = Infinity;
    let max = 0;
    for (let i = 0; i < count; i++) {
      const s = scores[i] as number;
      if (s < 0) continue;
      min = Math.min(min, s);
      max = Math.max(max, s);
    }
    for (let i = 0; i < count; i++) {
      const s = scores[i] as number;
      scores[i] = s < 0 ? 0 : max === 0 ? 100 : (100 * (max + min - s)) / max;
    }
  }
}

/** Factory for the registry. */
export const podTopologySpreadFactory: PluginFactory<PodTopologySpreadArgs> = {
  name: POD_TOPOLOGY_SPREAD,
  parseArgs: parsePodTopologySpreadArgs,
  create: () => new PodTopologySpreadPlugin(),
};
