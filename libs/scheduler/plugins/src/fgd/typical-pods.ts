import { type PodSpec } from '@keel/scheduler-framework';
import { type TypicalPod } from './args';

/**
 * Typical shapes of a set of pods (e.g. every replica Keel's deployments ask for): one entry per
 * distinct (CPU, GPU count, milli, models), weighted by how many pods have it. MIG pods are left out.
 */
export function typicalPodsFromSpecs(pods: readonly PodSpec[]): TypicalPod[] {
  const shapes = new Map<string, TypicalPod>();
  for (const pod of pods) {
    const gpu = pod.gpu;
    if (gpu?.migProfile !== undefined) continue;
    const shape = {
      cpuMilli: pod.cpuMilli,
      gpuCount: gpu?.count ?? 0,
      gpuMilli: gpu === undefined ? 0 : Math.min(1000, gpu.milli ?? 1000),
      ...(gpu?.models !== undefined && gpu.models.length > 0 ? { models: [...gpu.models] } : {}),
    };
    const key = JSON.stringify(shape);
    const seen = shapes.get(key);
    shapes.set(key, { ...shape, weight: (seen?.weight ?? 0) + 1 });
  }
  return [...shapes.values()];
}
