import { z } from 'zod';

/** Per-resource weights of the allocation scores (kube's NodeResourcesFit scoringStrategy.resources). */
export const resourceWeightsSchema = z.strictObject({
  cpu: z.number().min(0).default(1),
  memory: z.number().min(0).default(1),
  gpu: z.number().min(0).default(1),
});

/** Typed resource weights. */
export type ResourceWeights = z.output<typeof resourceWeightsSchema>;

/** Weighted mean of per-resource values (gpu skipped when the node has no GPUs, i.e. value < 0). */
export function weightedMean(values: readonly [number, number, number], w: ResourceWeights, map: (u: number) => number): number {
  const [cpu, memory, gpu] = values;
  let sum = w.cpu * map(cpu) + w.memory * map(memory);
  let weights = w.cpu + w.memory;
  if (gpu >= 0) {
    sum += w.gpu * map(gpu);
    weights += w.gpu;
  }
  return weights === 0 ? 0 : sum / weights;
}
