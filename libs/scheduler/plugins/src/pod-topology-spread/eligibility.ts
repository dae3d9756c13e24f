import {
  type NodeEligibility,
  type NodeView,
  type PodSpec,
  type TopologySpreadConstraint,
} from '@keel/scheduler-framework';
import { matchesPodNodeConstraints } from '../node-affinity/node-matching';
import { firstUntoleratedHardTaint } from '../taint-toleration/tolerations';

/**
 * Which nodes count as domains for one constraint: nodes carrying every constraint's topology key,
 * matching the pod's nodeSelector/required affinity (nodeAffinityPolicy Honor, the default) and,
 * with nodeTaintsPolicy Honor, whose hard taints the pod tolerates (default Ignore).
 */
export function spreadEligibility(pod: PodSpec, c: TopologySpreadConstraint, all: readonly TopologySpreadConstraint[]): NodeEligibility {
  const keys = [...new Set(all.map((x) => x.topologyKey))].sort();
  const honorAffinity = (c.nodeAffinityPolicy ?? 'Honor') === 'Honor';
  const honorTaints = (c.nodeTaintsPolicy ?? 'Ignore') === 'Honor';
  const key = JSON.stringify([
    keys,
    honorAffinity ? [pod.nodeSelector ?? null, pod.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? null] : null,
    honorTaints ? (pod.tolerations ?? []) : null,
  ]);
  return {
    key,
    accepts: (node: NodeView) =>
      keys.every((k) => node.labels[k] !== undefined) &&
      (!honorAffinity || matchesPodNodeConstraints(pod, node.labels)) &&
      (!honorTaints || firstUntoleratedHardTaint(node.taints, pod.tolerations) === undefined),
  };
}
