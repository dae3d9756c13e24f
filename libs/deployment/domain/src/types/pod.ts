/** A share of one GPU device held by a bound pod. */
export interface DeviceClaim {
  readonly index: number;
  readonly milli: number;
  readonly memoryMiB: number;
  /** MIG instance index on a partitioned device. */
  readonly mig?: number;
}

/** What one pod asks for, fixed at creation from its revision's template. */
export interface PodRequest {
  /** GPUs on one node: the template's tensorParallel (1 for a shared GPU). */
  readonly gpus: number;
  readonly gpuMilli: number;
  readonly gpuMemoryMiB?: number;
  /** GPU models the model fits on, in preference order. */
  readonly gpuModels: readonly string[];
  readonly cpuMilli: number;
  readonly memoryMiB: number;
  readonly priority: number;
}

/** Where a bound pod runs. */
export interface PodPlacement {
  readonly node: string;
  readonly gpuModel: string;
  readonly devices: readonly DeviceClaim[];
}

/** One pod of a deployment: a pipeline `stage` of replica `replica`. */
export interface Pod {
  readonly name: string;
  readonly replica: number;
  readonly stage: number;
  readonly revision: number;
  readonly request: PodRequest;
  readonly phase: 'Pending' | 'Bound';
  /** Present while Bound. */
  readonly placement?: PodPlacement;
  /** The scheduler's last "why not" message for this pending episode (cleared on bind and eviction). */
  readonly unschedulableMessage?: string;
}

/** One top-ranked node of a scheduling decision: total and per-plugin weighted scores. */
export interface CandidateScore {
  readonly node: string;
  readonly total: number;
  readonly plugins: Readonly<Record<string, number>>;
}
