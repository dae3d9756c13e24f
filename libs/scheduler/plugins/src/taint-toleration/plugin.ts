import {
  type CycleState,
  type FilterPlugin,
  type NodeView,
  type PluginFactory,
  type PodSpec,
  type ScorePlugin,
  type Status,
  success,
} from '@keel/scheduler-framework';
import { cachedStatus } from '../shared/status-cache';
import { parseTaintTolerationArgs, type TaintTolerationArgs } from './args';
import { firstUntoleratedHardTaint, tolerated } from './tolerations';

/** Name under which TaintToleration is registered. */
export const TAINT_TOLERATION = 'TaintToleration';

/** Filters NoSchedule/NoExecute taints; PreferNoSchedule only lowers the score. */
export class TaintTolerationPlugin implements FilterPlugin, ScorePlugin {
  readonly name = TAINT_TOLERATION;

  filter(_state: CycleState, pod: PodSpec, node: NodeView): Status {
    if (node.taints.length === 0) return success();
    const taint = firstUntoleratedHardTaint(node.taints, pod.tolerations);
    if (taint === undefined) return success();
    return cachedStatus('UnschedulableAndUnresolvable', [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`]);
  }

  /** Raw score: how many PreferNoSchedule taints the pod does not tolerate (fewer is better). */
  score(_state: CycleState, pod: PodSpec, node: NodeView): number {
    let count = 0;
    const tolerations = pod.tolerations?.filter((t) => t.effect === undefined || t.effect === 'PreferNoSchedule');
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
