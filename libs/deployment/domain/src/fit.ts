import { DomainError } from '@keel/kernel';
import { type ReplicaTemplate } from './types/spec';

/** The fit check for one acceptable GPU model. */
export interface FitCandidateVerdict {
  readonly gpuModel: string;
  readonly fits: boolean;
  /** The arithmetic, for people. */
  readonly message: string;
}

/**
 * The result of `checkFit(model, template)` from `@keel/model-domain`, computed by the command handler
 * from the model it loaded. Structurally a subset of that lib's `FitReport`, so the report passes as is.
 */
export interface FitVerdict {
  readonly model: string;
  readonly tensorParallel: number;
  readonly pipelineParallel: number;
  readonly message: string;
  readonly candidates: readonly FitCandidateVerdict[];
}

function isForTemplate(verdict: FitVerdict, model: string, template: ReplicaTemplate): boolean {
  const gpus = verdict.candidates.map((c) => c.gpuModel);
  return (
    verdict.model === model &&
    verdict.tensorParallel === template.tensorParallel &&
    verdict.pipelineParallel === template.pipelineParallel &&
    gpus.length === template.acceptableGpuModels.length &&
    gpus.every((gpu, i) => gpu === template.acceptableGpuModels[i])
  );
}

/**
 * The acceptable GPU models the model fits on, in preference order. Throws `Validation` when the verdict
 * was computed for another model or template, and `FitFailure` (with the arithmetic) when none fits.
 */
export function fittingGpuModels(verdict: FitVerdict, model: string, template: ReplicaTemplate): string[] {
  if (!isForTemplate(verdict, model, template)) {
    const reason = 'fit verdict was computed for a different model, parallelism or GPU list';
    throw new DomainError('Validation', `fit: ${reason}`, [{ path: 'fit', reason }]);
  }
  const fitting = verdict.candidates.filter((c) => c.fits).map((c) => c.gpuModel);
  if (fitting.length === 0) {
    const details = verdict.candidates.map((c, i) => ({ path: `template.acceptableGpuModels[${i}]`, reason: c.message }));
    throw new DomainError('FitFailure', verdict.message, details);
  }
  return fitting;
}
