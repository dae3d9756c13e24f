import { type Affinity, type TopologySpreadConstraint } from './affinity';
import { type Labels } from './labels';
import { type Toleration } from '@keel/kernel';

export type { Toleration } from '@keel/kernel';

/** What a pod needs from GPUs. */
export interface GpuRequest {
  /** Number of devices (or MIG slices when `migProfile` is set). */
  readonly count: number;
  /** Milli-GPU per device; below 1000 shares a device. Default 1000 (whole devices). */
  readonly milli?: number;
  /** Acceptable GPU models; absent or empty means any. */
  readonly models?: readonly string[];
  /** Device memory needed on each device, MiB. */
  readonly memoryMiB?: number;
  /** A MIG profile such as `1g.10gb`; only nodes with that slice in their MIG layout fit. */
  readonly migProfile?: string;
}

/** A pod to schedule. */
export interface PodSpec {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
  readonly priority: number;
  readonly cpuMilli: number;
  readonly memoryMiB: number;
  readonly gpu?: GpuRequest;
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly tolerations?: readonly Toleration[];
  readonly affinity?: Affinity;
  readonly topologySpreadConstraints?: readonly TopologySpreadConstraint[];
  /** Gang (replica) name: all pods with the same gang are placed all or nothing. */
  readonly gang?: string;
  /** Start time in ms, for the preemption tie-break (latest start loses least). */
  readonly startTime?: number;
}

/** A pod already bound to a node, with the device indices it holds. */
export interface PlacedPod extends PodSpec {
  readonly nodeName: string;
  readonly gpus: readonly number[];
}

/** `namespace/name`, the identity of a pod. */
export function podKey(pod: Pick<PodSpec, 'namespace' | 'name'>): string {
  return `${pod.namespace}/${pod.name}`;
}

/** Milli-GPU the pod asks for in total (count × milli). */
export function podGpuMilli(pod: PodSpec): number {
  if (pod.gpu === undefined || pod.gpu.migProfile !== undefined) return 0;
  return pod.gpu.count * (pod.gpu.milli ?? 1000);
}
