/** Weight formats: full and half precision, 8-bit, and the 4-bit quantisations. */
export type Dtype = 'fp32' | 'bf16' | 'fp16' | 'fp8' | 'int8' | 'int4' | 'gptq' | 'awq' | 'gguf-q4';

/** Every dtype, in the order above. */
export const DTYPES: readonly Dtype[] = ['fp32', 'bf16', 'fp16', 'fp8', 'int8', 'int4', 'gptq', 'awq', 'gguf-q4'];

/** The facts about a model that decide whether it fits a GPU (reference.md §4). */
export interface ModelFacts {
  /** DNS-1123 label used as the id, e.g. `llama-2-70b`. */
  readonly name: string;
  /** Human name used in messages, e.g. `Llama-2-70B`; defaults to `name`. */
  readonly displayName?: string;
  readonly parametersBillions: number;
  readonly dtype: Dtype;
  readonly layers: number;
  readonly attentionHeads: number;
  readonly kvHeads: number;
  readonly headDim: number;
  /** Longest context the model supports, in tokens. */
  readonly maxContext: number;
  /** Mixture-of-experts models need more activation memory. Defaults to dense. */
  readonly architecture?: 'dense' | 'moe';
}
