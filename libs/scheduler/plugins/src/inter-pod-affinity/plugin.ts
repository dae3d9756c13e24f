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
import { satisfiesAffinity, satisfiesAntiAffinity, satisfiesExistingAnti } from './affinity-filter';
import { affinityScoreKey, buildScoreTerms, scoreNode } from './affinity-score';
import { affinityFilterKey, buildFilterState } from './affinity-state';
import { type InterPodAffinityArgs, parseInterPodAffinityArgs } from './args';

/** Name under which InterPodAffinity is registered. */
export const INTER_POD_AFFINITY = 'InterPodAffinity';

const AFFINITY = unresolvable("node(s) didn't match pod affinity rules");
const ANTI = unschedulable("node(s) didn't match pod anti-affinity rules");
const EXISTING_ANTI = unschedulable("node(s) didn't satisfy existing pods anti-affinity rules");
const OK = success();

/** Required and preferred pod affinity / anti-affinity with topologyKey, including placed pods' terms. */
export class InterPodAffinityPlugin implements PreFilterPlugin, FilterPlugin, ScorePlugin {
  readonly name = INTER_POD_AFFINITY;

  preFilter(state: CycleState, pod: PodSpec, snapshot: ClusterSnapshot): Status {
    const s = buildFilterState(pod, snapshot);
    if (s.affinity.length === 0 && s.antiAffinity.length === 0 && s.existingAnti.length === 0) return skip();
    state.write(affinityFilterKey, s);
    return OK;
  }

  filter(state: CycleState, _pod: PodSpec, node: NodeView): Status {
    const s = state.read(affinityFilterKey);
    if (s === undefined) return OK;
    if (s.affinity.length > 0 && !satisfiesAffinity(s, node)) return AFFINITY;
    if (!satisfiesAntiAffinity(s.antiAffinity, node)) return ANTI;
    if (!satisfiesExistingAnti(s.existingAnti, node)) return EXISTING_ANTI;
    return OK;
  }

  preScore(state: CycleState, pod: PodSpec, snapshot: ClusterSnapshot): Status {
    const terms = buildScoreTerms(pod, snapshot);
    if (terms.length === 0) return skip();
    state.write(affinityScoreKey, terms);
    return OK;
  }

  score(state: CycleState, _pod: PodSpec, node: NodeView): number {
    const terms = state.read(affinityScoreKey);
    return terms === undefined || terms.length === 0 ? 0 : scoreNode(terms, node);
  }

  /** Min-max to 0..100 (all equal → 0), as kube does. */
  normalizeScore(_state: CycleState, _pod: PodSpec, scores: Float64Array, count: number): void {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < count; i++) {
      min = Math.min(min, scores[i] as number);
      max = Math.max(max, scores[i] as number);
    }
    const range = max - min;
    for (let i = 0; i < count; i++) scores[i] = range > 0 ? (100 * ((scores[i] as number) - min)) / range : 0;
  }
}

/** Factory for the registry. */
export const interPodAffinityFactory: PluginFactory<InterPodAffinityArgs> = {
  name: INTER_POD_AFFINITY,
  parseArgs: parseInterPodAffinityArgs,
  create: () => new InterPodAffinityPlugin(),
};
