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
  type Toleration,
  type Status,
  success,
} from '@keel/scheduler-framework';
import { cachedStatus } from '../shared/status-cache';
import { parseTaintTolerationArgs, type TaintTolerationArgs } from './args';
import { firstUntoleratedHardTaint, tolerated } from './tolerations';

/** Name under which TaintToleration is registered. */
export const TAINT_TOLERATION = 'TaintToleration';

const OK = success();
const preferTolerations = stateKey<readonly Toleration[]>('TaintToleration/prefer');

/** Filters NoSchedule/NoExecute taints; PreferNoSchedule only lowers the score. */
export class TaintTolerationPlugin implements PreFilterPlugin, FilterPlugin, ScorePlugin {
  readonly name = TAINT_TOLERATION;

  preFilter(_state: CycleState, _pod: PodSpec, snapshot: ClusterSnapshot): Status {
    return snapshot.stats.anyTaints ? OK : skip();
  }

  filter(_state: CycleState, pod: PodSpec, node: NodeView): Status {
    if (node.taints.length === 0) return OK;
    const taint = firstUntoleratedHardTaint(node.taints, pod.tolerations);
    if (taint === undefined) return OK;
    return cachedStatus('UnschedulableAndUnresolvable', [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`]);
  }

  /** Raw score: how many PreferNoSchedule taints the pod does not tolerate (fewer is better). */
  preScore(state: CycleState, pod: PodSpec, snapshot: ClusterSnapshot): Status {
    if (!snapshot.stats.anyTaints) return skip();
    state.write(preferTolerations, (pod.tolerations ?? []).filter((t) => t.effect === undefined || t.effect === 'PreferNoSchedule'));
    return OK;
  }

  score(state: CycleState, pod: PodSpec, node: NodeView): number {
    if (node.taints.length === 0) return 0;
    let count = 0;
    const tolerations = state.read(preferTolerations) ?? pod.tolerations;
    for (const taint of node.taints) if (taint.effect === 'PreferNoSchedule' && !tolerated(tolerations, taint)) count++;
    return count;
  }

  /** kube's DefaultNormalizeScore(reverse): 100 for the fewest intolerable taints. */
  normalizeScore(_state: CycleState, _pod: PodSpec, scores: Float64Array, count: number): void {
    let max = 0;
    for (let i = 0; i < count; i++) max = Math.max(max, scores[i] as number);
    for (let i = 0; i < count; i++) scores[i] = max === 0 ? 100 : 100 - ((scores[i] as number) * 100) / max;
  }
}

/** Factory for the registry. */
export const taintTolerationFactory: PluginFactory<TaintTolerationArgs> = {
  name: TAINT_TOLERATION,
  parseArgs: parseTaintTolerationArgs,
  create: () => new TaintTolerationPlugin(),
};
