import { type DomainCounts, type NodeView, type TermGroup } from '@keel/scheduler-framework';
import { type AffinityFilterState } from './affinity-state';

/** kube satisfyPodAffinity: every term's domain must hold a matching pod (or the pod goes first). */
export function satisfiesAffinity(s: AffinityFilterState, node: NodeView): boolean {
  let podsExist = true;
  for (const counts of s.affinity) {
    const domain = node.labels[counts.topologyKey];
    if (domain === undefined) return false;
    if (counts.countOn(node.index) <= 0) podsExist = false;
  }
  return podsExist || (s.noAffinityPods && s.selfMatchesAffinity);
}

/** kube satisfyPodAntiAffinity: no term's domain on this node may hold a matching pod. */
export function satisfiesAntiAffinity(anti: readonly DomainCounts[], node: NodeView): boolean {
  for (const counts of anti) if (counts.countOn(node.index) > 0) return false;
  return true;
}

/** kube satisfyExistingPodsAntiAffinity: no placed pod whose anti-affinity selects us shares the domain. */
export function satisfiesExistingAnti(groups: readonly TermGroup[], node: NodeView): boolean {
  for (const group of groups) {
    const domain = node.labels[group.topologyKey];
    if (domain !== undefined && (group.owners.get(domain) ?? 0) > 0) return false;
  }
  return true;
}
