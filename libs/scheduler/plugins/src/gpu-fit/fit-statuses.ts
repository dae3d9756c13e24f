import { type Status, unresolvable, unschedulable } from '@keel/scheduler-framework';
import { type GpuVerdict } from './gpu-verdict';
import { GpuFitReason } from './reasons';

const byVerdict = new Map<GpuVerdict | undefined, Status[]>();

/**
 * The interned status for a combination of insufficient CPU / memory / GPU verdict, so a rejected
 * node costs no allocation. `neverFits` marks requests larger than the node could ever offer.
 */
export function fitStatus(cpu: boolean, memory: boolean, gpu: GpuVerdict | undefined, neverFits: boolean): Status {
  let table = byVerdict.get(gpu);
  if (table === undefined) {
    table = [];
    byVerdict.set(gpu, table);
  }
  const slot = (cpu ? 1 : 0) | (memory ? 2 : 0) | (neverFits ? 4 : 0);
  let status = table[slot];
  if (status === undefined) {
    const reasons: string[] = [];
    if (cpu) reasons.push(GpuFitReason.cpu);
    if (memory) reasons.push(GpuFitReason.memory);
    if (gpu !== undefined) reasons.push(gpu.reason);
    status = neverFits ? unresolvable(...reasons) : unschedulable(...reasons);
    table[slot] = status;
  }
  return status;
}
