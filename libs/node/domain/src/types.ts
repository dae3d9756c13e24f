/** Kubernetes core/v1 taints live in the kernel, shared with the scheduler framework. */
export type { Taint, TaintEffect } from '@keel/kernel';

/** One GPU as registered: model name (e.g. `A100-80GB`), VRAM, and an optional MIG layout. */
export interface GpuDeviceSpec {
  readonly model: string;
  readonly memoryMiB: number;
  /** MIG instances the device is partitioned into, as profile names such as `3g.40gb`. */
  readonly mig?: readonly string[];
}

/** A registered GPU device; `index` is its position in the node's device list. */
export interface GpuDevice extends GpuDeviceSpec {
  readonly index: number;
}

/** The share of one device a pod holds. `mig` names the MIG instance when the device is partitioned. */
export interface DeviceClaim {
  readonly index: number;
  readonly milli: number;
  readonly memoryMiB: number;
  readonly mig?: number;
}

/** Resources one pod holds on a node. */
export interface PodAllocation {
  readonly pod: string;
  readonly deployment: string;
  readonly devices: readonly DeviceClaim[];
  readonly cpuMilli: number;
  readonly memoryMiB: number;
}

/** A pod named by an eviction, so whoever owns it can put it back to Pending. */
export interface EvictedPod {
  readonly pod: string;
  readonly deployment: string;
}
