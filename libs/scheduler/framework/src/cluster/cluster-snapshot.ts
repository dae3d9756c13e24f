import { type PlacedPod } from '../model/pod';
import { type ClusterState } from './cluster-state';
import { type DomainCounts, type NodeEligibility } from './domain-counts';
import { type NodeView } from './node-state';
import { type PodQuery } from './pod-query';
import { type TermGroup, type TermKind } from './term-groups';

/** Cluster-wide constants that normalising scores need. */
export interface ClusterStats {
  readonly maxCpuMilli: number;
  readonly maxMemoryMiB: number;
  /** Largest GPU capacity of one node, milli-GPU. */
  readonly maxGpuMilli: number;
  readonly totalGpus: number;
  /** Whether any node has taints / is cordoned (lets filters skip themselves). */
  readonly anyTaints: boolean;
  readonly anyUnschedulable: boolean;
}

/**
 * The immutable cluster picture one scheduling decision reads: nodes with usage, placed pods, and
 * indexes (per-domain pod counts, grouped affinity terms) so that constraints cost O(1) per node.
 */
export interface ClusterSnapshot {
  readonly nodes: readonly NodeView[];
  readonly stats: ClusterStats;
  node(name: string): NodeView | undefined;
  pod(key: string): PlacedPod | undefined;
  pods(): Iterable<PlacedPod>;
  podsOn(nodeIndex: number): readonly PlacedPod[];
  /** Matching pods per domain of `topologyKey`, over nodes `eligibility` accepts (all if absent). */
  domainCounts(query: PodQuery, topologyKey: string, eligibility?: NodeEligibility): DomainCounts;
  /** Placed pods' terms of one kind, grouped. */
  termGroups(kind: TermKind): readonly TermGroup[];
  /** A mutable copy to try hypothetical changes on (gangs, preemption); the snapshot is untouched. */
  fork(): ClusterState;
}
