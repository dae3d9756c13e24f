import { type Labels } from '../model/labels';
import { type NodeSpec, type Taint } from '../model/node';

/**
 * The read-only view plugins get of one node: capacity and current usage, precomputed into flat arrays
 * so that filters and scores run without allocating.
 */
export interface NodeView {
  /** Position in `ClusterSnapshot.nodes`. */
  readonly index: number;
  readonly name: string;
  readonly labels: Labels;
  readonly taints: readonly Taint[];
  readonly unschedulable: boolean;
  readonly cpuMilli: number;
  readonly memoryMiB: number;
  readonly usedCpuMilli: number;
  readonly usedMemoryMiB: number;
  /** Per device: model, memory, used milli-GPU, used memory. */
  readonly gpuModel: readonly string[];
  readonly gpuMemoryMiB: readonly number[];
  readonly gpuUsedMilli: readonly number[];
  readonly gpuUsedMemoryMiB: readonly number[];
  /** Per device: MIG slice profiles (undefined when the device is not partitioned) and their use. */
  readonly migProfiles: readonly (readonly string[] | undefined)[];
  readonly migUsed: readonly (readonly boolean[])[];
  /** Summary over non-MIG devices: how many, untouched ones, largest free share, total free milli-GPU. */
  readonly plainGpus: number;
  readonly idleGpus: number;
  readonly maxFreeGpuMilli: number;
  readonly freeGpuMilli: number;
  /** Bumped on every change; lets plugins memoise per-node work safely. */
  readonly generation: number;
}

/** Mutable node state owned by a `ClusterState`; plugins only ever see it as a {@link NodeView}. */
export class NodeState implements NodeView {
  readonly labels: Labels;
  readonly taints: readonly Taint[];
  readonly unschedulable: boolean;
  readonly cpuMilli: number;
  readonly memoryMiB: number;
  usedCpuMilli: number;
  usedMemoryMiB: number;
  readonly gpuModel: string[];
  readonly gpuMemoryMiB: number[];
  readonly gpuUsedMilli: number[];
  readonly gpuUsedMemoryMiB: number[];
  readonly migProfiles: (readonly string[] | undefined)[];
  readonly migUsed: boolean[][];
  readonly plainGpus: number;
  idleGpus = 0;
  maxFreeGpuMilli = 0;
  freeGpuMilli = 0;
  generation = 0;

  constructor(
    readonly index: number,
    readonly spec: NodeSpec,
  ) {
    const gpus = spec.gpus ?? [];
    this.labels = spec.labels ?? {};
    this.taints = spec.taints ?? [];
    this.unschedulable = spec.unschedulable ?? false;
    this.cpuMilli = spec.cpuMilli;
    this.memoryMiB = spec.memoryMiB;
    this.usedCpuMilli = spec.usedCpuMilli ?? 0;
    this.usedMemoryMiB = spec.usedMemoryMiB ?? 0;
    this.gpuModel = gpus.map((g) => g.model);
    this.gpuMemoryMiB = gpus.map((g) => g.memoryMiB);
    this.gpuUsedMilli = gpus.map((g) => g.usedMilli ?? 0);
    this.gpuUsedMemoryMiB = gpus.map((g) => g.usedMemoryMiB ?? 0);
    this.migProfiles = gpus.map((g) => g.mig);
    this.migUsed = gpus.map((g) => (g.mig ?? []).map((_, i) => g.migUsed?.[i] ?? false));
    this.plainGpus = this.migProfiles.filter((m) => m === undefined).length;
    this.refreshGpuSummary();
  }

  /** Take over another node state's usage (same spec), for forks. */
  copyUsageFrom(other: NodeState): void {
    this.usedCpuMilli = other.usedCpuMilli;
    this.usedMemoryMiB = other.usedMemoryMiB;
    for (let d = 0; d < this.gpuModel.length; d++) {
      this.gpuUsedMilli[d] = other.gpuUsedMilli[d] ?? 0;
      this.gpuUsedMemoryMiB[d] = other.gpuUsedMemoryMiB[d] ?? 0;
      this.migUsed[d] = [...(other.migUsed[d] ?? [])];
    }
    this.refreshGpuSummary();
    this.generation = other.generation;
  }

  /** Recompute the device summary after usage changed. */
  refreshGpuSummary(): void {
    let idle = 0;
    let maxFree = 0;
    let free = 0;
    for (let d = 0; d < this.gpuModel.length; d++) {
      if (this.migProfiles[d] !== undefined) continue;
      const left = 1000 - (this.gpuUsedMilli[d] ?? 0);
      if (left === 1000 && (this.gpuUsedMemoryMiB[d] ?? 0) === 0) idle++;
      maxFree = Math.max(maxFree, left);
      free += left;
    }
    this.idleGpus = idle;
    this.maxFreeGpuMilli = maxFree;
    this.freeGpuMilli = free;
  }

  get name(): string {
    return this.spec.name;
  }
}
