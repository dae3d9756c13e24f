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
  stateKey,
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
const verdictsKey = stateKey<Uint8Array>('NodeAffinity/verdicts');

/** nodeSelector + required node affinity as a filter; preferred terms' weights as a score. */
export class NodeAffinityPlugin implements PreFilterPlugin, FilterPlugin, ScorePlugin {
  readonly name = NODE_AFFINITY;
  /** Node labels never change within a snapshot: verdicts per (snapshot, constraints) are reusable. */
  private readonly verdicts = new WeakMap<ClusterSnapshot, Map<string, Uint8Array>>();

  preFilter(state: CycleState, pod: PodSpec, snapshot: ClusterSnapshot): Status {
    if (!hasNodeConstraints(pod)) return skip();
    let bySnapshot = this.verdicts.get(snapshot);
    if (bySnapshot === undefined) {
      bySnapshot = new Map();
      this.verdicts.set(snapshot, bySnapshot);
    }
    const key = JSON.stringify([pod.nodeSelector ?? null, pod.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? null]);
    let verdicts = bySnapshot.get(key);
    if (verdicts === undefined) {
      verdicts = new Uint8Array(snapshot.nodes.length);
      bySnapshot.set(key, verdicts);
    }
    state.write(verdictsKey, verdicts);
    return OK;
  }

  filter(state: CycleState, pod: PodSpec, node: NodeView): Status {
    const verdicts = state.read(verdictsKey);
    let verdict = verdicts?.[node.index] ?? 0;
    if (verdict === 0) {
      verdict = matchesPodNodeConstraints(pod, node.labels) ? 1 : 2;
      if (verdicts !== undefined) verdicts[node.index] = verdict;
    }
    return verdict === 1 ? OK : MISMATCH;
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
