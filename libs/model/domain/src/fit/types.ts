/** The parts of a deployment's replica template the fit check reads (same field names). */
export interface FitTemplate {
  readonly tensorParallel: number;
  readonly pipelineParallel: number;
  /** Catalogue GPU names, most preferred first. */
  readonly acceptableGpuModels: readonly string[];
  /** Milli-GPU per GPU; below 1000 the GPU is shared and only `gpuMemoryMiB` of it counts. */
  readonly gpuMilli?: number;
  readonly gpuMemoryMiB?: number;
  readonly maxContext: number;
  readonly maxConcurrentSequences: number;
}

/** The arithmetic for one GPU, all figures in GiB per GPU unless named per replica. */
export interface GpuArithmetic {
  readonly replicaWeightsGiB: number;
  readonly replicaKvCacheGiB: number;
  readonly kvBytesPerToken: number;
  readonly weightsGiB: number;
  readonly kvCacheGiB: number;
  readonly overheadGiB: number;
  readonly totalGiB: number;
  /** Memory the GPU (or its reserved share) has. */
  readonly gpuMemoryGiB: number;
  /** 0.9 × gpuMemoryGiB (vLLM `gpu_memory_utilization`). */
  readonly usableGiB: number;
  /** Most concurrent sequences of `maxContext` tokens that fit (0 when even the weights do not). */
  readonly maxSequences: number;
}

/** The verdict for one acceptable GPU model. */
export interface FitCandidate extends Partial<GpuArithmetic> {
  readonly gpuModel: string;
  readonly fits: boolean;
  /** The arithmetic in words. */
  readonly message: string;
}

/** The result of {@link checkFit}: one candidate per acceptable GPU model, in preference order. */
export interface FitReport {
  readonly model: string;
  readonly tensorParallel: number;
  readonly pipelineParallel: number;
  readonly fits: boolean;
  readonly fittingGpuModels: readonly string[];
  /** Problems with the template itself (invalid tensorParallel, context beyond the model's). */
  readonly problems: readonly string[];
  /** Why it fits, or the arithmetic of why it does not. */
  readonly message: string;
  readonly candidates: readonly FitCandidate[];
}
