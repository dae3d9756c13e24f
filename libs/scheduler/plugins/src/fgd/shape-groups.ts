import { type TypicalPod } from './args';

/**
 * Typical shapes grouped by GPU request (count, milli, models), with their CPU needs sorted and
 * frequencies prefix-summed, so "which shapes of this group fit the node's free CPU" is a binary search.
 */
export interface ShapeGroup {
  readonly count: number;
  readonly milli: number;
  readonly models: ReadonlySet<string> | undefined;
  readonly cpu: Float64Array;
  /** cumulativeWeight[i] = weight of shapes with cpu ≤ cpu[i]. */
  readonly cumulativeWeight: Float64Array;
}

/** Group and normalise typical pods; CPU-only shapes are dropped (all free GPU is fragment for them). */
export function compileShapes(pods: readonly TypicalPod[]): ShapeGroup[] {
  const total = pods.reduce((s, p) => s + p.weight, 0);
  const byKey = new Map<string, TypicalPod[]>();
  for (const p of pods) {
    if (p.gpuCount === 0 || p.gpuMilli === 0) continue;
    const key = `${p.gpuCount}|${p.gpuMilli}|${[...(p.models ?? [])].sort().join(',')}`;
    byKey.set(key, [...(byKey.get(key) ?? []), p]);
  }
  return [...byKey.values()].map((members) => {
    const sorted = [...members].sort((a, b) => a.cpuMilli - b.cpuMilli);
    const cumulative = new Float64Array(sorted.length);
    let sum = 0;
    sorted.forEach((p, i) => (cumulative[i] = sum += p.weight / total));
    const first = sorted[0] as TypicalPod;
    const models = first.models !== undefined && first.models.length > 0 ? new Set(first.models) : undefined;
    return { count: first.gpuCount, milli: first.gpuMilli, models, cpu: Float64Array.from(sorted.map((p) => p.cpuMilli)), cumulativeWeight: cumulative };
  });
}

/** Weight of the group's shapes whose CPU need fits in `cpuLeft`. */
export function weightFitting(group: ShapeGroup, cpuLeft: number): number {
  let lo = 0;
  let hi = group.cpu.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((group.cpu[mid] as number) <= cpuLeft) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 0 : (group.cumulativeWeight[lo - 1] as number);
}
