import {
  type ClusterSnapshot,
  type DomainCounts,
  matchesSelector,
  type PodSpec,
  stateKey,
  type TopologySpreadConstraint,
} from '@keel/scheduler-framework';
import { spreadEligibility } from './eligibility';

/** One constraint, resolved against the snapshot. */
export interface ResolvedConstraint {
  readonly constraint: TopologySpreadConstraint;
  readonly counts: DomainCounts;
  /** Global minimum of matching pods over eligible domains (0 when fewer than minDomains). */
  readonly minMatch: number;
  /** 1 when the pod matches its own selector (it will add itself to the domain). */
  readonly selfMatch: number;
  /** Number of eligible domains. */
  readonly domains: number;
}

/** Cycle-state keys for hard (filter) and soft (score) constraints. */
export const hardSpreadKey = stateKey<readonly ResolvedConstraint[]>('PodTopologySpread/filter');
export const softSpreadKey = stateKey<readonly ResolvedConstraint[]>('PodTopologySpread/score');

/** Resolve the pod's constraints with the given whenUnsatisfiable against the per-domain indexes. */
export function resolveConstraints(pod: PodSpec, snapshot: ClusterSnapshot, when: TopologySpreadConstraint['whenUnsatisfiable']): ResolvedConstraint[] {
  const all = pod.topologySpreadConstraints ?? [];
  const chosen = all.filter((c) => c.whenUnsatisfiable === when);
  return chosen.map((constraint) => {
    const query = { selector: constraint.labelSelector, namespaces: [pod.namespace] };
    const counts = snapshot.domainCounts(query, constraint.topologyKey, spreadEligibility(pod, constraint, chosen));
    let minMatch = Infinity;
    for (const domain of counts.domains) {
      minMatch = Math.min(minMatch, counts.counts.get(domain) ?? 0);
      if (minMatch === 0) break;
    }
    const domains = counts.domains.length;
    if (!Number.isFinite(minMatch) || domains < (constraint.minDomains ?? 1)) minMatch = 0;
    const selfMatch = matchesSelector(pod.labels, constraint.labelSelector) ? 1 : 0;
    return { constraint, counts, minMatch, selfMatch, domains };
  });
}
