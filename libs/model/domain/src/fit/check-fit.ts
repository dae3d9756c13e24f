import { findGpu, GPU_CATALOGUE } from '../catalogue';
import { type ModelFacts } from '../types';
import { gpuArithmetic, validTensorParallel } from './arithmetic';
import { failureMessage, fitsMessage } from './explain';
import { modelLabel } from './format';
import { type FitCandidate, type FitReport, type FitTemplate } from './types';

/** Problems with the template as such, whatever the GPU. */
export function templateProblems(model: ModelFacts, template: FitTemplate): string[] {
  const problems: string[] = [];
  if (model.attentionHeads % template.tensorParallel !== 0) {
    const valid = validTensorParallel(model).join(', ');
    problems.push(`tensorParallel ${template.tensorParallel} does not divide the ${model.attentionHeads} attention heads (valid: ${valid})`);
  }
  if (template.maxContext > model.maxContext) {
    problems.push(`maxContext ${template.maxContext} exceeds the model's ${model.maxContext} tokens`);
  }
  return problems;
}

function candidate(model: ModelFacts, template: FitTemplate, gpuModel: string, problems: readonly string[]): FitCandidate {
  const gpu = findGpu(gpuModel);
  if (!gpu) {
    const known = GPU_CATALOGUE.map((g) => g.name).join(', ');
    return { gpuModel, fits: false, message: `unknown GPU model ${gpuModel}; the catalogue knows ${known} (MIG as "A100-80GB:1g.10gb")` };
  }
  const a = gpuArithmetic(model, template, gpu.memoryGiB);
  if (problems.length > 0) return { gpuModel, ...a, fits: false, message: `${modelLabel(model)}: ${problems.join('; ')}` };
  const fits = a.totalGiB <= a.usableGiB;
  const message = fits ? fitsMessage(model, template, gpuModel, a, gpu.memoryGiB) : failureMessage(model, template, gpuModel, a, gpu.memoryGiB);
  return { gpuModel, ...a, fits, message };
}

/**
 * Will `model` fit each acceptable GPU model of `template`? Pure arithmetic from reference.md §4:
 * weights + KV cache + overhead per GPU ≤ 0.9 × GPU memory, and tensorParallel must divide the attention heads.
 * The report's `message` carries the arithmetic: why it fits, or why no acceptable GPU does.
 */
export function checkFit(model: ModelFacts, template: FitTemplate): FitReport {
  const problems = templateProblems(model, template);
  const candidates = template.acceptableGpuModels.map((gpu) => candidate(model, template, gpu, problems));
  const fitting = candidates.filter((c) => c.fits);
  const message =
    fitting[0]?.message ?? (problems.length > 0 ? `${modelLabel(model)}: ${problems.join('; ')}` : candidates.map((c) => c.message).join('. '));
  return {
    model: model.name,
    tensorParallel: template.tensorParallel,
    pipelineParallel: template.pipelineParallel,
    fits: fitting.length > 0,
    fittingGpuModels: fitting.map((c) => c.gpuModel),
    problems,
    message,
    candidates,
  };
}
