import { type PodAffinityTerm } from '../model/affinity';
import { type PlacedPod } from '../model/pod';
import { type NodeView } from './node-state';
import { type PodQuery, queryKey, termQuery } from './pod-query';

/** Kinds of (anti-)affinity terms that placed pods carry and that constrain newcomers. */
export type TermKind = 'requiredAntiAffinity' | 'preferredAffinity' | 'preferredAntiAffinity';

/**
 * All placed pods carrying an equivalent term, grouped: `owners` counts them per topology domain.
 * Lets the symmetric (existing pods') affinity checks cost O(groups), not O(pods).
 */
export interface TermGroup {
  readonly query: PodQuery;
  readonly topologyKey: string;
  readonly weight: number;
  readonly owners: ReadonlyMap<string, number>;
  readonly total: number;
}

interface MutableGroup extends TermGroup {
  readonly owners: Map<string, number>;
  total: number;
}

/** Index of term groups by kind, maintained as pods come and go. */
export class TermGroupIndex {
  private readonly groups: Record<TermKind, Map<string, MutableGroup>> = {
    requiredAntiAffinity: new Map(),
    preferredAffinity: new Map(),
    preferredAntiAffinity: new Map(),
  };

  /** Groups of a kind that still have owners. */
  list(kind: TermKind): TermGroup[] {
    return [...this.groups[kind].values()].filter((g) => g.total > 0);
  }

  /** Register (+1) or unregister (-1) a placed pod's terms. */
  update(pod: PlacedPod, node: NodeView, delta: 1 | -1): void {
    const anti = pod.affinity?.podAntiAffinity;
    const aff = pod.affinity?.podAffinity;
    for (const term of anti?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
      this.add('requiredAntiAffinity', term, 1, pod, node, delta);
    }
    for (const w of aff?.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
      this.add('preferredAffinity', w.podAffinityTerm, w.weight, pod, node, delta);
    }
    for (const w of anti?.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
      this.add('preferredAntiAffinity', w.podAffinityTerm, w.weight, pod, node, delta);
    }
  }

  private add(kind: TermKind, term: PodAffinityTerm, weight: number, pod: PlacedPod, node: NodeView, delta: 1 | -1): void {
    const domain = node.labels[term.topologyKey];
    if (domain === undefined) return;
    const query = termQuery(term, pod);
    const key = `${queryKey(query)}|${term.topologyKey}|${weight}`;
    let group = this.groups[kind].get(key);
    if (group === undefined) {
      group = { query, topologyKey: term.topologyKey, weight, owners: new Map(), total: 0 };
      this.groups[kind].set(key, group);
    }
    group.owners.set(domain, (group.owners.get(domain) ?? 0) + delta);
    group.total += delta;
  }
}
