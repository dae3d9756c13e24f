import { DomainError } from '@keel/kernel';
import { type NodeSpec } from '../model/node';
import { type PlacedPod, type PodSpec, podKey } from '../model/pod';
import { type ClusterSnapshot, type ClusterStats } from './cluster-snapshot';
import { CounterIndex } from './counter-index';
import { DomainCounter, type DomainCounts, type DomainSet, domainSet, type NodeEligibility } from './domain-counts';
import { NodeState, type NodeView } from './node-state';
import { type PodQuery, queryKey } from './pod-query';
import { applyPodToNode } from './resources';
import { type TermGroup, TermGroupIndex, type TermKind } from './term-groups';

/**
 * Mutable cluster state with incremental indexes. Scheduling functions only read it through
 * {@link ClusterSnapshot}; owners (the service, the simulator) change it with `bind` and `remove`.
 */
export class ClusterState implements ClusterSnapshot {
  readonly nodes: NodeState[];
  readonly stats: ClusterStats;
  private readonly byName = new Map<string, NodeState>();
  private readonly placed = new Map<string, PlacedPod>();
  private readonly perNode: PlacedPod[][];
  private readonly counters = new Map<string, DomainCounter>();
  private readonly counterIndex = new CounterIndex();
  private readonly domainSets = new Map<string, DomainSet>();
  private readonly terms = new TermGroupIndex();

  constructor(nodeSpecs: readonly NodeSpec[], pods: readonly PlacedPod[] = []) {
    this.nodes = nodeSpecs.map((spec, i) => new NodeState(i, spec));
    for (const node of this.nodes) this.byName.set(node.name, node);
    this.perNode = this.nodes.map(() => []);
    this.stats = computeStats(this.nodes);
    for (const pod of pods) this.bind(pod, pod.nodeName, pod.gpus);
  }

  node(name: string): NodeView | undefined {
    return this.byName.get(name);
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
      let set = this.domainSets.get(setKey);
      if (set === undefined) {
        set = domainSet(this.nodes, topologyKey, eligibility);
        this.domainSets.set(setKey, set);
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
    const node = this.mustNode(nodeName);
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
    const node = this.mustNode(placed.nodeName);
    this.placed.delete(key);
    const list = this.perNode[node.index] ?? [];
    list.splice(list.indexOf(placed), 1);
    applyPodToNode(node, placed, placed.gpus, -1);
    this.reindex(placed, node, -1);
    return placed;
  }

  /** An independent copy (same node specs, same placements) to try changes on. */
  fork(): ClusterState {
    return new ClusterState(
      this.nodes.map((n) => n.spec),
      [...this.placed.values()],
    );
  }

  private reindex(pod: PlacedPod, node: NodeState, delta: 1 | -1): void {
    this.counterIndex.update(pod, node, delta);
    this.terms.update(pod, node, delta);
  }

  private mustNode(name: string): NodeState {
    const node = this.byName.get(name);
    if (node === undefined) throw new DomainError('NotFound', `unknown node ${name}`);
    return node;
  }
}

function computeStats(nodes: readonly NodeState[]): ClusterStats {
  let maxCpuMilli = 1;
  let maxMemoryMiB = 1;
  let maxGpuMilli = 1;
  let totalGpus = 0;
  let anyTaints = false;
  let anyUnschedulable = false;
  for (const n of nodes) {
    maxCpuMilli = Math.max(maxCpuMilli, n.cpuMilli);
    maxMemoryMiB = Math.max(maxMemoryMiB, n.memoryMiB);
    maxGpuMilli = Math.max(maxGpuMilli, n.gpuModel.length * 1000);
    totalGpus += n.gpuModel.length;
    anyTaints ||= n.taints.length > 0;
    anyUnschedulable ||= n.unschedulable;
  }
  return { maxCpuMilli, maxMemoryMiB, maxGpuMilli, totalGpus, anyTaints, anyUnschedulable };
}

/** Build an immutable-by-contract snapshot from node specs and placed pods. */
export function createSnapshot(nodes: readonly NodeSpec[], pods: readonly PlacedPod[] = []): ClusterSnapshot {
  return new ClusterState(nodes, pods);
}
