import { type PodSpec } from '../model/pod';
import { type NodeView } from './node-state';
import { type PodQuery, queryMatches } from './pod-query';

/** Restricts which nodes count as topology domains (e.g. spread's nodeAffinityPolicy Honor). */
export interface NodeEligibility {
  /** Stable identity of the predicate, used as a cache key. */
  readonly key: string;
  accepts(node: NodeView): boolean;
}

/** Nodes' topology values as dense indexes, and which of them are eligible domains; shared by counters. */
export interface DomainSet {
  /** 1 where the node is eligible (whether or not it has the topology key). */
  readonly eligible: Uint8Array;
  /** Per node: index into `values` of its topology value, −1 without the key. */
  readonly valueIndex: Int32Array;
  /** Every value of the key on any node. */
  readonly values: readonly string[];
  /** Values carried by at least one eligible node. */
  readonly domains: readonly string[];
}

/** Compute a {@link DomainSet}. */
export function domainSet(nodes: readonly NodeView[], topologyKey: string, eligibility: NodeEligibility | undefined): DomainSet {
  const eligible = new Uint8Array(nodes.length);
  const valueIndex = new Int32Array(nodes.length).fill(-1);
  const index = new Map<string, number>();
  const domains = new Set<string>();
  for (const node of nodes) {
    const value = node.labels[topologyKey];
    if (value !== undefined) {
      if (!index.has(value)) index.set(value, index.size);
      valueIndex[node.index] = index.get(value) ?? -1;
    }
    if (eligibility !== undefined && !eligibility.accepts(node)) continue;
    eligible[node.index] = 1;
    if (value !== undefined) domains.add(value);
  }
  return { eligible, valueIndex, values: [...index.keys()], domains: [...domains] };
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
  /** Matching pods in the domain of node `nodeIndex` (0 when it lacks the key): an array read. */
  countOn(nodeIndex: number): number;
  /** Whether node `nodeIndex` carries the topology key. */
  hasKey(nodeIndex: number): boolean;
}

/** Mutable implementation of {@link DomainCounts}, owned by the cluster state. */
export class DomainCounter implements DomainCounts {
  readonly counts = new Map<string, number>();
  readonly domains: readonly string[];
  readonly eligible: Uint8Array;
  total = 0;
  private readonly byValue: Int32Array;

  constructor(
    readonly query: PodQuery,
    readonly topologyKey: string,
    private readonly set: DomainSet,
  ) {
    this.domains = set.domains;
    this.eligible = set.eligible;
    this.byValue = new Int32Array(set.values.length);
  }

  hasKey(nodeIndex: number): boolean {
    return (this.set.valueIndex[nodeIndex] ?? -1) >= 0;
  }

  countOn(nodeIndex: number): number {
    const value = this.set.valueIndex[nodeIndex] ?? -1;
    return value < 0 ? 0 : (this.byValue[value] as number);
  }

  /** Account for a pod arriving (+1) or leaving (-1) on a node. */
  update(pod: PodSpec, node: NodeView, delta: 1 | -1): void {
    if (this.eligible[node.index] !== 1) return;
    const value = this.set.valueIndex[node.index] ?? -1;
    if (value < 0 || !queryMatches(this.query, pod)) return;
    const domain = this.set.values[value] as string;
    const next = (this.counts.get(domain) ?? 0) + delta;
    if (next === 0) this.counts.delete(domain);
    else this.counts.set(domain, next);
    this.byValue[value] = (this.byValue[value] as number) + delta;
    this.total += delta;
  }
}
