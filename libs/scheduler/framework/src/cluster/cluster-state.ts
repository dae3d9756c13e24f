import { DomainError } from '@keel/kernel';
import { type NodeSpec } from '../model/node';
import { type PlacedPod, type PodSpec, podKey } from '../model/pod';
import { type ClusterSnapshot, type ClusterStats } from './cluster-snapshot';
import { computeStats } from './cluster-stats';
import { CounterIndex } from './counter-index';
import { DomainCounter, type DomainCounts, type DomainSet, domainSet, type NodeEligibility } from './domain-counts';
import { NodeState, type NodeView } from './node-state';
import { type PodQuery, queryKey } from './pod-query';
import { applyPodToNode } from './resources';
import { type TermGroup, TermGroupIndex, type TermKind } from './term-groups';

/** What forks share with their parent: immutable node specs and derived caches. */
interface Shared {
  readonly indexByName: ReadonlyMap<string, number>;
  readonly stats: ClusterStats;
  readonly domainSets: Map<string, DomainSet>;
}

/**
 * Mutable cluster state with incremental indexes. Scheduling functions only read it through
 * {@link ClusterSnapshot}; owners (the service, the simulator) change it with `bind` and `remove`.
 * Forks are copy-on-write: a node and its pod list are cloned on the fork's first change to them.
 */
export class ClusterState implements ClusterSnapshot {
  readonly nodes: NodeState[];
  readonly stats: ClusterStats;
  private readonly shared: Shared;
  private readonly placed: Map<string, PlacedPod>;
  private readonly perNode: PlacedPod[][];
  private readonly owned: Uint8Array;
  private readonly counters = new Map<string, DomainCounter>();
  private readonly counterIndex = new CounterIndex();
  private readonly terms = new TermGroupIndex();

  constructor(nodeSpecs: readonly NodeSpec[], pods: readonly PlacedPod[] = [], parent?: ClusterState) {
    if (parent === undefined) {
      this.nodes = nodeSpecs.map((spec, i) => new NodeState(i, spec));
      this.shared = { indexByName: new Map(this.nodes.map((n) => [n.name, n.index])), stats: computeStats(this.nodes), domainSets: new Map() };
      this.placed = new Map();
      this.perNode = this.nodes.map(() => []);
      this.owned = new Uint8Array(this.nodes.length).fill(1);
    } else {
      this.nodes = [...parent.nodes];
      this.shared = parent.shared;
      this.placed = new Map(parent.placed);
      this.perNode = [...parent.perNode];
      this.owned = new Uint8Array(this.nodes.length);
      for (const pod of this.placed.values()) if (pod.affinity !== undefined) this.terms.update(pod, this.mustNode(pod.nodeName), 1);
    }
    this.stats = this.shared.stats;
    for (const pod of pods) this.bind(pod, pod.nodeName, pod.gpus);
  }

  node(name: string): NodeView | undefined {
    const index = this.shared.indexByName.get(name);
    return index === undefined ? undefined : this.nodes[index];
  }

  pod(key: string): PlacedPod | undefined {
    return this.placed.get(key);
  }

  pods(): Iterable<PlacedPod> {
    return this.placed.values();
  }

  podsOn(nodeIndex: number): readonly PlacedPod[] {
    return this.perNode[nodeIndex] ?? [];
  }

  domainCounts(query: PodQuery, topologyKey: string, eligibility?: NodeEligibility): DomainCounts {
    const key = `${queryKey(query)}|${topologyKey}|${eligibility?.key ?? ''}`;
    let counter = this.counters.get(key);
    if (counter === undefined) {
      const setKey = `${topologyKey}|${eligibility?.key ?? ''}`;
      let set = this.shared.domainSets.get(setKey);
      if (set === undefined) {
        set = domainSet(this.nodes, topologyKey, eligibility);
        this.shared.domainSets.set(setKey, set);
      }
      counter = new DomainCounter(query, topologyKey, set);
      for (const pod of this.placed.values()) counter.update(pod, this.mustNode(pod.nodeName), 1);
      this.counters.set(key, counter);
      this.counterIndex.add(counter);
    }
    return counter;
  }

  termGroups(kind: TermKind): readonly TermGroup[] {
    return this.terms.list(kind);
  }

  /** Place a pod on a node holding the given devices; returns the placed record. */
  bind(pod: PodSpec, nodeName: string, gpus: readonly number[]): PlacedPod {
    const node = this.ownNode(this.mustNode(nodeName).index);
    const placed: PlacedPod = { ...pod, nodeName, gpus };
    const key = podKey(pod);
    if (this.placed.has(key)) this.remove(key);
    this.placed.set(key, placed);
    this.perNode[node.index]?.push(placed);
    applyPodToNode(node, pod, gpus, 1);
    this.reindex(placed, node, 1);
    return placed;
  }

  /** Remove a placed pod (evicted, finished); returns it, or undefined when unknown. */
  remove(key: string): PlacedPod | undefined {
    const placed = this.placed.get(key);
    if (placed === undefined) return undefined;
    const node = this.ownNode(this.mustNode(placed.nodeName).index);
    this.placed.delete(key);
    const list = this.perNode[node.index] ?? [];
    list.splice(list.indexOf(placed), 1);
    applyPodToNode(node, placed, placed.gpus, -1);
    this.reindex(placed, node, -1);
    return placed;
  }

  /** A copy-on-write copy to try changes on; O(nodes + pods) pointer copies. Both sides copy on write. */
  fork(): ClusterState {
    this.owned.fill(0);
    return new ClusterState([], [], this);
  }

  private ownNode(index: number): NodeState {
    const node = this.nodes[index] as NodeState;
    if (this.owned[index] === 1) return node;
    const copy = new NodeState(index, node.spec);
    copy.copyUsageFrom(node);
    this.nodes[index] = copy;
    this.perNode[index] = [...(this.perNode[index] ?? [])];
    this.owned[index] = 1;
    return copy;
  }

  private reindex(pod: PlacedPod, node: NodeState, delta: 1 | -1): void {
    this.counterIndex.update(pod, node, delta);
    this.terms.update(pod, node, delta);
  }

  private mustNode(name: string): NodeState {
    const index = this.shared.indexByName.get(name);
    const node = index === undefined ? undefined : this.nodes[index];
    if (node === undefined) throw new DomainError('NotFound', `unknown node ${name}`);
    return node;
  }
}

/** Build an immutable-by-contract snapshot from node specs and placed pods. */
export function createSnapshot(nodes: readonly NodeSpec[], pods: readonly PlacedPod[] = []): ClusterSnapshot {
  return new ClusterState(nodes, pods);
}
