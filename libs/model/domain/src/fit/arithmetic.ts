import { type Dtype, type ModelFacts } from '../types';
import { type FitTemplate, type GpuArithmetic } from './types';

const GiB = 1024 ** 3;
/** Fraction of GPU memory vLLM lets itself use (`gpu_memory_utilization`). */
export const GPU_MEMORY_UTILISATION = 0.9;

/** Bytes per weight: FP32 4, BF16/FP16 2, FP8/INT8 1, 4-bit ≈ 0.5. */
export function bytesPerWeight(dtype: Dtype): number {
  switch (dtype) {
    case 'fp32':
      return 4;
    case 'bf16':
    case 'fp16':
      return 2;
    case 'fp8':
    case 'int8':
      return 1;
    default:
      return 0.5;
  }
}

/** KV-cache bytes per token: 2 × layers × KV heads × head dim × bytes (FP32 models 4, others 2). */
export function kvBytesPerToken(model: ModelFacts): number {
  const kvBytes = model.dtype === 'fp32' ? 4 : 2;
  return 2 * model.layers * model.kvHeads * model.headDim * kvBytes;
}

/** Activations per replica (dense 5 GiB, MoE 7.4 GiB) plus per-GPU runtime overhead (0.15 GiB at TP=1, 0.6 at TP≥2). */
function overheadPerGpu(model: ModelFacts, tp: number, pp: number): number {
  const activations = model.architecture === 'moe' ? 7.4 : 5;
  return activations / (tp * pp) + (tp >= 2 ? 0.6 : 0.15);
}

/** GiB of the GPU the replica may use: the whole GPU, or the reserved share of a shared one. */
export function gpuShareGiB(gpuMemoryGiB: number, template: FitTemplate): number {
  const shared = (template.gpuMilli ?? 1000) < 1000 && template.gpuMemoryMiB !== undefined;
  return shared ? Math.min(gpuMemoryGiB, (template.gpuMemoryMiB ?? 0) / 1024) : gpuMemoryGiB;
}

/**
 * Memory per GPU for one replica (reference.md §4): weights ÷ (TP × PP); KV cache ÷ (min(TP, H_kv) × PP),
 * since KV heads stop splitting once TP exceeds them; activations ÷ (TP × PP) plus the per-GPU overhead.
 */
export function gpuArithmetic(model: ModelFacts, template: FitTemplate, gpuMemoryGiB: number): GpuArithmetic {
  const { tensorParallel: tp, pipelineParallel: pp } = template;
  const replicaWeightsGiB = (model.parametersBillions * 1e9 * bytesPerWeight(model.dtype)) / GiB;
  const kvPerToken = kvBytesPerToken(model);
  const kvPerSequenceGiB = (kvPerToken * template.maxContext) / GiB / (Math.min(tp, model.kvHeads) * pp);
  const weightsGiB = replicaWeightsGiB / (tp * pp);
  const kvCacheGiB = kvPerSequenceGiB * template.maxConcurrentSequences;
  const overheadGiB = overheadPerGpu(model, tp, pp);
  const share = gpuShareGiB(gpuMemoryGiB, template);
  const usableGiB = GPU_MEMORY_UTILISATION * share;
  return {
    replicaWeightsGiB,
    replicaKvCacheGiB: (kvPerToken * template.maxContext * template.maxConcurrentSequences) / GiB,
    kvBytesPerToken: kvPerToken,
    weightsGiB,
    kvCacheGiB,
    overheadGiB,
    totalGiB: weightsGiB + kvCacheGiB + overheadGiB,
    gpuMemoryGiB: share,
    usableGiB,
    maxSequences: Math.max(0, Math.floor((usableGiB - weightsGiB - overheadGiB) / kvPerSequenceGiB)),
  };
}

/** Tensor-parallel degrees the model supports: the divisors of its attention heads. */
export function validTensorParallel(model: ModelFacts, max = 64): number[] {
  return Array.from({ length: Math.min(max, model.attentionHeads) }, (_, i) => i + 1).filter((tp) => model.attentionHeads % tp === 0);
}
