import { type PodSpec } from '../model/pod';
import { type NodeView } from './node-state';
import { type PodQuery, queryMatches } from './pod-query';

/** Restricts which nodes count as topology domains (e.g. spread's nodeAffinityPolicy Honor). */
export interface NodeEligibility {
  /** Stable identity of the predicate, used as a cache key. */
  readonly key: string;
  accepts(node: NodeView): boolean;
}

/** The eligible nodes and the domains (values of one topology key) they form; shared by counters. */
export interface DomainSet {
  /** 1 where the node is eligible (whether or not it has the topology key). */
  readonly eligible: Uint8Array;
  readonly domains: readonly string[];
}

/** Compute a {@link DomainSet}. */
export function domainSet(nodes: readonly NodeView[], topologyKey: string, eligibility: NodeEligibility | undefined): DomainSet {
  const eligible = new Uint8Array(nodes.length);
  const domains = new Set<string>();
  for (const node of nodes) {
    if (eligibility !== undefined && !eligibility.accepts(node)) continue;
    eligible[node.index] = 1;
    const domain = node.labels[topologyKey];
    if (domain !== undefined) domains.add(domain);
  }
  return { eligible, domains: [...domains] };
}

/**
 * Pods matching a query, counted per value of a topology key over eligible nodes, kept up to date
 * incrementally as pods are bound and removed. `counts` holds only domains with matching pods.
 */
export interface DomainCounts {
  readonly topologyKey: string;
  readonly counts: ReadonlyMap<string, number>;
  readonly domains: readonly string[];
  readonly eligible: Uint8Array;
  /** Total matching pods on eligible nodes. */
  readonly total: number;
}

/** Mutable implementation of {@link DomainCounts}, owned by the cluster state. */
export class DomainCounter implements DomainCounts {
  readonly counts = new Map<string, number>();
  readonly domains: readonly string[];
  readonly eligible: Uint8Array;
  total = 0;

  constructor(
    readonly query: PodQuery,
    readonly topologyKey: string,
    set: DomainSet,
  ) {
    this.domains = set.domains;
    this.eligible = set.eligible;
  }

  /** Account for a pod arriving (+1) or leaving (-1) on a node. */
  update(pod: PodSpec, node: NodeView, delta: 1 | -1): void {
    if (this.eligible[node.index] !== 1) return;
    const domain = node.labels[this.topologyKey];
    if (domain === undefined || !queryMatches(this.query, pod)) return;
    const next = (this.counts.get(domain) ?? 0) + delta;
    if (next === 0) this.counts.delete(domain);
    else this.counts.set(domain, next);
    this.total += delta;
  }
}
