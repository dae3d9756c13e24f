import { type ShapeGroup, weightFitting } from './shape-groups';

/**
 * Expected GPU fragmentation of a node (FGD, USENIX ATC '23), in milli-GPU: for each typical shape,
 * weighted by frequency, free GPU capacity that shape could not use. A shape that cannot run on the
 * node at all (CPU, model, too few devices with room) sees all free GPU as fragment; one that can run
 * sees the devices with less room than its per-device request as fragment.
 * `free[d]` (d < devices) is the free milli-GPU of device d (0 for MIG-partitioned devices).
 */
export function nodeFragmentation(groups: readonly ShapeGroup[], cpuLeft: number, free: Float64Array, devices: number, models: readonly string[]): number {
  let totalFree = 0;
  for (let d = 0; d < devices; d++) totalFree += free[d] as number;
  if (totalFree === 0) return 0;
  let usableWeighted = 0;
  for (const g of groups) {
    const weight = weightFitting(g, cpuLeft);
    if (weight === 0) continue;
    let count = 0;
    let usable = 0;
    for (let d = 0; d < devices; d++) {
      const f = free[d] as number;
      if (f >= g.milli && (g.models === undefined || g.models.has(models[d] ?? ''))) {
        count++;
        usable += f;
      }
    }
    if (count >= g.count) usableWeighted += weight * usable;
  }
  return totalFree - usableWeighted;
}
