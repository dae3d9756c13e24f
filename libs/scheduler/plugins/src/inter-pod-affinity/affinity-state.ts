import {
  type ClusterSnapshot,
  type DomainCounts,
  type PodQuery,
  type PodSpec,
  queryMatches,
  stateKey,
  termQuery,
  type TermGroup,
} from '@keel/scheduler-framework';

/** Precomputed per pod: what each required term sees, per topology domain. */
export interface AffinityFilterState {
  /** Required affinity: one count per term, each over pods matching *all* terms (kube semantics). */
  readonly affinity: readonly DomainCounts[];
  /** Whether no pod anywhere matches all affinity terms (then a self-matching pod may go first). */
  readonly noAffinityPods: boolean;
  readonly selfMatchesAffinity: boolean;
  readonly antiAffinity: readonly DomainCounts[];
  /** Existing pods' required anti-affinity terms that select this pod. */
  readonly existingAnti: readonly TermGroup[];
}

/** Cycle-state key of {@link AffinityFilterState}. */
export const affinityFilterKey = stateKey<AffinityFilterState>('InterPodAffinity/filter');

/** Build the filter state from the indexes (O(terms + groups), independent of the number of pods). */
export function buildFilterState(pod: PodSpec, snapshot: ClusterSnapshot): AffinityFilterState {
  const required = pod.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  const queries = required.map((t) => termQuery(t, pod));
  const all: PodQuery | undefined = queries[0] === undefined ? undefined : { ...queries[0], also: queries.slice(1) };
  const affinity = all === undefined ? [] : required.map((t) => snapshot.domainCounts(all, t.topologyKey));
  const anti = pod.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  return {
    affinity,
    noAffinityPods: affinity.every((c) => c.total === 0),
    selfMatchesAffinity: all !== undefined && queryMatches(all, pod),
    antiAffinity: anti.map((t) => snapshot.domainCounts(termQuery(t, pod), t.topologyKey)),
    existingAnti: snapshot.termGroups('requiredAntiAffinity').filter((g) => queryMatches(g.query, pod)),
  };
}
