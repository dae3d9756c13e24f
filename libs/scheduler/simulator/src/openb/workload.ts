import { type PodSpec } from '@keel/scheduler-framework';
import { type TypicalPod } from '@keel/scheduler-plugins';
import { type OpenbPod } from './trace';

/** The pod spec the scheduler sees for an openb pod (`gpu_milli` is per device; shares only when < 1000). */
export function toPodSpec(pod: OpenbPod, name: string): PodSpec {
  const gpu =
    pod.numGpu > 0 && pod.gpuMilli > 0
      ? { count: pod.numGpu, milli: Math.min(1000, pod.gpuMilli), ...(pod.gpuSpec.length > 0 ? { models: pod.gpuSpec } : {}) }
      : undefined;
  return { name, namespace: 'openb', labels: {}, priority: 0, cpuMilli: pod.cpuMilli, memoryMiB: pod.memoryMiB, ...(gpu ? { gpu } : {}) };
}

/** Milli-GPU an openb pod requests. */
export function openbGpuMilli(pod: OpenbPod): number {
  return pod.numGpu > 0 ? pod.numGpu * Math.min(1000, pod.gpuMilli) : 0;
}

/**
 * FGD's typical pods: shapes (CPU, GPU count, GPU milli, models) by popularity, taken in steps of `step`
 * until they cover `thresholdPct` of all pods (the paper's simulator walk; its experiments use 95/1).
 * The default, every shape, tracks the paper's published FGD figures more closely across the traces.
 */
export function typicalPodsOf(pods: readonly OpenbPod[], thresholdPct = 100, step = 1): TypicalPod[] {
  const counts = new Map<string, { pod: TypicalPod; n: number }>();
  for (const p of pods) {
    const gpuCount = p.gpuMilli > 0 ? p.numGpu : 0;
    const key = `${p.cpuMilli}|${gpuCount}|${p.gpuMilli}|${p.gpuSpec.join('|')}`;
    const entry = counts.get(key) ?? { pod: { cpuMilli: p.cpuMilli, gpuCount, gpuMilli: Math.min(1000, p.gpuMilli), ...(p.gpuSpec.length ? { models: [...p.gpuSpec] } : {}), weight: 0 }, n: 0 };
    entry.n++;
    counts.set(key, entry);
  }
  const sorted = [...counts.values()].sort((a, b) => b.n - a.n);
  const wanted = (thresholdPct / 100) * pods.length;
  const chosen: TypicalPod[] = [];
  let covered = 0;
  for (let i = 0; i < sorted.length && covered < wanted; i += step) {
    for (const e of sorted.slice(i, i + step)) {
      chosen.push({ ...e.pod, weight: e.n });
      covered += e.n;
    }
  }
  return chosen;
}
