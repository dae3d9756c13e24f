import { type ModelFacts } from '../types';
import { type FitTemplate } from './types';

/** GiB with one decimal, e.g. `130.4`. */
export const gib = (value: number): string => value.toFixed(1);

/** Whole numbers as is, others with one decimal (`80`, `0.5`). */
export const num = (value: number): string => (Number.isInteger(value) ? String(value) : value.toFixed(1));

/** `Llama-2-70B fp16`. */
export const modelLabel = (model: ModelFacts): string => `${model.displayName ?? model.name} ${model.dtype}`;

/** `tensorParallel 2`, or `tensorParallel 2 × pipelineParallel 2`. */
export function parallelism(template: FitTemplate): string {
  const tp = `tensorParallel ${template.tensorParallel}`;
  return template.pipelineParallel > 1 ? `${tp} × pipelineParallel ${template.pipelineParallel}` : tp;
}

/** `a`, `a or b`, `a, b or c`. */
export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
