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
} from '@keel/scheduler-framework';
import { type NodeAffinityArgs, parseNodeAffinityArgs } from './args';
import { hasNodeConstraints, matchesNodeTerm, matchesPodNodeConstraints } from './node-matching';

/** Name under which NodeAffinity is registered. */
export const NODE_AFFINITY = 'NodeAffinity';

const MISMATCH = unresolvable("node(s) didn't match Pod's node affinity/selector");
const OK = success();

/** nodeSelector + required node affinity as a filter; preferred terms' weights as a score. */
export class NodeAffinityPlugin implements PreFilterPlugin, FilterPlugin, ScorePlugin {
  readonly name = NODE_AFFINITY;

  preFilter(_state: CycleState, pod: PodSpec, _snapshot: ClusterSnapshot): Status {
    return hasNodeConstraints(pod) ? OK : skip();
  }

  filter(_state: CycleState, pod: PodSpec, node: NodeView): Status {
    return matchesPodNodeConstraints(pod, node.labels) ? OK : MISMATCH;
  }

  preScore(_state: CycleState, pod: PodSpec): Status {
    return pod.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution === undefined ? skip() : OK;
  }

  /** Raw score: sum of the weights of matching preferred terms. */
  score(_state: CycleState, pod: PodSpec, node: NodeView): number {
    const preferred = pod.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
    if (preferred === undefined) return 0;
    let total = 0;
    for (const term of preferred) {
      if (matchesNodeTerm(node.labels, term.preference)) total += term.weight;
    }
    return total;
  }

  /** kube's DefaultNormalizeScore: the best node gets 100. */
  normalizeScore(_state: CycleState, _pod: PodSpec, scores: Float64Array, count: number): void {
    let max = 0;
    for (let i = 0; i < count; i++) max = Math.max(max, scores[i] as number);
    if (max === 0) return;
    for (let i = 0; i < count; i++) scores[i] = ((scores[i] as number) * 100) / max;
  }
}

/** Factory for the registry. */
export const nodeAffinityFactory: PluginFactory<NodeAffinityArgs> = {
  name: NODE_AFFINITY,
  parseArgs: parseNodeAffinityArgs,
  create: () => new NodeAffinityPlugin(),
};
