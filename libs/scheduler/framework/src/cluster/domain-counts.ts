import { type PodSpec } from '../model/pod';
import { type NodeView } from './node-state';
import { type PodQuery, queryMatches } from './pod-query';

/** Restricts which nodes count as topology domains (e.g. spread's nodeAffinityPolicy Honor). */
export interface NodeEligibility {
  /** Stable identity of the predicate, used as a cache key. */
  readonly key: string;
  accepts(node: NodeView): boolean;
}

/**
 * Pods matching a query, counted per value of a topology key over eligible nodes. Every eligible
 * domain is present (possibly with 0). Kept up to date incrementally as pods are bound and removed.
 */
export interface DomainCounts {
  readonly topologyKey: string;
  readonly counts: ReadonlyMap<string, number>;
  /** 1 where the node is eligible (whether or not it has the topology key). */
  readonly eligible: Uint8Array;
  /** Total matching pods on eligible nodes. */
  readonly total: number;
}

/** Mutable implementation of {@link DomainCounts}, owned by the cluster state. */
export class DomainCounter implements DomainCounts {
  readonly counts = new Map<string, number>();
  readonly eligible: Uint8Array;
  total = 0;

  constructor(
    readonly query: PodQuery,
    readonly topologyKey: string,
    nodes: readonly NodeView[],
    eligibility: NodeEligibility | undefined,
  ) {
    this.eligible = new Uint8Array(nodes.length);
    for (const node of nodes) {
      if (eligibility !== undefined && !eligibility.accepts(node)) continue;
      this.eligible[node.index] = 1;
      const domain = node.labels[topologyKey];
      if (domain !== undefined && !this.counts.has(domain)) this.counts.set(domain, 0);
    }
  }

  /** Account for a pod arriving (+1) or leaving (-1) on a node. */
  update(pod: PodSpec, node: NodeView, delta: 1 | -1): void {
    if (this.eligible[node.index] !== 1) return;
    const domain = node.labels[this.topologyKey];
    if (domain === undefined || !queryMatches(this.query, pod)) return;
    this.counts.set(domain, (this.counts.get(domain) ?? 0) + delta);
    this.total += delta;
  }
}
