import { type ClusterSnapshot } from '../cluster/cluster-snapshot';
import { type CycleState } from '../cycle/cycle-state';
import { type PodSpec } from '../model/pod';
import { type Profile } from '../profile';

/** Weighted scores of the feasible nodes: per plugin (same order as profile.scores) and in total. */
export interface Priorities {
  readonly perPlugin: Float64Array[];
  readonly totals: Float64Array;
}

/** Run PreScore, Score and NormalizeScore for every score plugin; sum with weights. */
export function prioritize(state: CycleState, pod: PodSpec, snapshot: ClusterSnapshot, profile: Profile, feasible: readonly number[]): Priorities {
  const count = feasible.length;
  const totals = new Float64Array(count);
  const perPlugin: Float64Array[] = [];
  const nodes = snapshot.nodes;
  let zeros: Float64Array | undefined;
  for (const { plugin, weight } of profile.scores) {
    const pre = plugin.preScore?.(state, pod, snapshot);
    if (pre !== undefined && pre.code !== 'Success') {
      // Skip (or a failed PreScore) leaves this plugin at 0 on every node: ranking is unaffected.
      zeros ??= new Float64Array(count);
      perPlugin.push(zeros);
      continue;
    }
    const scores = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const node = nodes[feasible[i] as number];
      if (node !== undefined) scores[i] = plugin.score(state, pod, node, snapshot);
    }
    plugin.normalizeScore?.(state, pod, scores, count);
    for (let i = 0; i < count; i++) {
      const weighted = (scores[i] as number) * weight;
      scores[i] = weighted;
      totals[i] = (totals[i] as number) + weighted;
    }
    perPlugin.push(scores);
  }
  return { perPlugin, totals };
}
