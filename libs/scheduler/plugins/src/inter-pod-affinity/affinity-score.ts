import {
  type ClusterSnapshot,
  type NodeView,
  type PodSpec,
  queryMatches,
  stateKey,
  termQuery,
} from '@keel/scheduler-framework';

/** One weighted contribution: `weight × count-in-node's-domain`. */
export interface ScoreTerm {
  readonly topologyKey: string;
  readonly weight: number;
  readonly counts: ReadonlyMap<string, number>;
}

/** Cycle-state key of the preferred-term list. */
export const affinityScoreKey = stateKey<readonly ScoreTerm[]>('InterPodAffinity/score');

/** The pod's preferred (anti-)affinity terms plus placed pods' preferred terms that select it. */
export function buildScoreTerms(pod: PodSpec, snapshot: ClusterSnapshot): ScoreTerm[] {
  const terms: ScoreTerm[] = [];
  const add = (topologyKey: string, weight: number, counts: ReadonlyMap<string, number>): void => {
    terms.push({ topologyKey, weight, counts });
  };
  for (const w of pod.affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
    add(w.podAffinityTerm.topologyKey, w.weight, snapshot.domainCounts(termQuery(w.podAffinityTerm, pod), w.podAffinityTerm.topologyKey).counts);
  }
  for (const w of pod.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
    add(w.podAffinityTerm.topologyKey, -w.weight, snapshot.domainCounts(termQuery(w.podAffinityTerm, pod), w.podAffinityTerm.topologyKey).counts);
  }
  for (const g of snapshot.termGroups('preferredAffinity')) if (queryMatches(g.query, pod)) add(g.topologyKey, g.weight, g.owners);
  for (const g of snapshot.termGroups('preferredAntiAffinity')) if (queryMatches(g.query, pod)) add(g.topologyKey, -g.weight, g.owners);
  return terms;
}

/** Sum of weighted counts in the node's domains. */
export function scoreNode(terms: readonly ScoreTerm[], node: NodeView): number {
  let total = 0;
  for (const t of terms) {
    const domain = node.labels[t.topologyKey];
    if (domain !== undefined) total += t.weight * (t.counts.get(domain) ?? 0);
  }
  return total;
}
