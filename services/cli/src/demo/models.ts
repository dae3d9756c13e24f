import { type ModelFacts } from '@keel/model-domain';

type Architecture = Pick<ModelFacts, 'layers' | 'attentionHeads' | 'kvHeads' | 'headDim' | 'maxContext' | 'parametersBillions'>;

/** Published architecture facts (config.json of each model). */
const LLAMA_2_70B: Architecture = { parametersBillions: 70, layers: 80, attentionHeads: 64, kvHeads: 8, headDim: 128, maxContext: 4096 };
const MISTRAL_7B: Architecture = { parametersBillions: 7.24, layers: 32, attentionHeads: 32, kvHeads: 8, headDim: 128, maxContext: 32_768 };
const PHI_3_MINI_128K: Architecture = { parametersBillions: 3.82, layers: 32, attentionHeads: 32, kvHeads: 32, headDim: 96, maxContext: 131_072 };

/** The product brief's models, one registration per dtype / quantisation. */
export const DEMO_MODELS: readonly ModelFacts[] = [
  { name: 'llama-2-70b', displayName: 'Llama-2-70B', dtype: 'fp16', ...LLAMA_2_70B },
  { name: 'llama-2-70b-gptq', displayName: 'Llama-2-70B GPTQ-4bit', dtype: 'gptq', ...LLAMA_2_70B },
  { name: 'mistral-7b', displayName: 'Mistral-7B', dtype: 'fp16', ...MISTRAL_7B },
  { name: 'mistral-7b-gptq', displayName: 'Mistral-7B GPTQ', dtype: 'gptq', ...MISTRAL_7B },
  { name: 'mistral-7b-gguf-q4', displayName: 'Mistral-7B GGUF-Q4', dtype: 'gguf-q4', ...MISTRAL_7B },
  { name: 'phi-3-mini-128k', displayName: 'Phi-3-mini-128k', dtype: 'fp16', ...PHI_3_MINI_128K },
];
