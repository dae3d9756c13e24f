import { type Taint } from '@keel/kernel';
import { type Labels } from './labels';

export type { Taint, TaintEffect } from '@keel/kernel';

/** One physical GPU on a node, as the snapshot receives it. */
export interface GpuDeviceSpec {
  readonly model: string;
  readonly memoryMiB: number;
  /** Milli-GPU already used by something not in the snapshot's pod list (default 0). */
  readonly usedMilli?: number;
  /** Device memory already used by something not in the snapshot's pod list (default 0). */
  readonly usedMemoryMiB?: number;
  /** MIG layout: the profile name of every slice (e.g. `['3g.40gb', '2g.20gb', '1g.10gb']`). */
  readonly mig?: readonly string[];
  /** Slices of `mig` already used by something not in the pod list (same length, default none). */
  readonly migUsed?: readonly boolean[];
}

/** A node as the snapshot receives it. Usage given here is *in addition* to the placed pods. */
export interface NodeSpec {
  readonly name: string;
  readonly labels?: Labels;
  readonly taints?: readonly Taint[];
  readonly unschedulable?: boolean;
  readonly cpuMilli: number;
  readonly memoryMiB: number;
  readonly usedCpuMilli?: number;
  readonly usedMemoryMiB?: number;
  readonly gpus?: readonly GpuDeviceSpec[];
}
