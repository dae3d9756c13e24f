import { type Dtype, type ModelFacts } from '../types';
import { bytesPerWeight, gpuArithmetic, validTensorParallel } from './arithmetic';
import { type FitTemplate } from './types';

const fitsWith = (model: ModelFacts, template: FitTemplate, gpuMemoryGiB: number): boolean => {
  const a = gpuArithmetic(model, template, gpuMemoryGiB);
  return a.totalGiB <= a.usableGiB;
};

function smallerQuantisation(model: ModelFacts, template: FitTemplate, gpuMemoryGiB: number): string | undefined {
  const options: [Dtype, string][] = [
    ['int8', 'an 8-bit quantisation'],
    ['int4', 'a 4-bit quantisation'],
  ];
  const current = bytesPerWeight(model.dtype);
  const found = options.find(([dtype]) => bytesPerWeight(dtype) < current && fitsWith({ ...model, dtype }, template, gpuMemoryGiB));
  return found?.[1];
}

function largerTensorParallel(model: ModelFacts, template: FitTemplate, gpuMemoryGiB: number): string | undefined {
  if ((template.gpuMilli ?? 1000) < 1000) return undefined;
  const tp = validTensorParallel(model).find((t) => t > template.tensorParallel && fitsWith(model, { ...template, tensorParallel: t }, gpuMemoryGiB));
  return tp === undefined ? undefined : `tensorParallel ≥ ${tp}`;
}

/** Changes that would make the model fit this GPU, least disruptive first; a bigger GPU when none would. */
export function suggestions(model: ModelFacts, template: FitTemplate, gpuMemoryGiB: number, maxSequences: number): string[] {
  const fewer = maxSequences >= 1 ? `at most ${maxSequences} concurrent sequences of ${template.maxContext} tokens` : undefined;
  const found = [largerTensorParallel(model, template, gpuMemoryGiB), fewer, smallerQuantisation(model, template, gpuMemoryGiB)];
  const useful = found.filter((s): s is string => s !== undefined);
  return useful.length > 0 ? useful : ['a GPU with more memory'];
}
