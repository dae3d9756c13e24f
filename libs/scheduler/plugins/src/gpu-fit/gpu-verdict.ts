import { type GpuRequest, type NodeView } from '@keel/scheduler-framework';
import {
  deviceAcceptable,
  deviceBigEnough,
  deviceComputeFree,
  deviceMemoryFree,
  freeMigSlices,
} from './device-fit';
import { GpuFitReason } from './reasons';

/** Why the GPU part of a request does not fit a node; `unresolvable` when even an idle node would not do. */
export interface GpuVerdict {
  readonly reason: string;
  readonly unresolvable: boolean;
}

const NO_GPU: GpuVerdict = { reason: GpuFitReason.gpu, unresolvable: true };
const NO_MODEL: GpuVerdict = { reason: GpuFitReason.model, unresolvable: true };
const BUSY_GPU: GpuVerdict = { reason: GpuFitReason.gpu, unresolvable: false };
const SMALL_GPU: GpuVerdict = { reason: GpuFitReason.gpuMemory, unresolvable: true };
const BUSY_GPU_MEMORY: GpuVerdict = { reason: GpuFitReason.gpuMemory, unresolvable: false };

/** `undefined` when `count` devices (or MIG slices) can take the request now; otherwise why not. */
export function gpuVerdict(gpu: GpuRequest, node: NodeView): GpuVerdict | undefined {
  if (gpu.count <= 0) return undefined;
  const devices = node.gpuModel.length;
  if (devices === 0) return NO_GPU;
  if (gpu.migProfile !== undefined) return migVerdict(gpu, node);
  const milli = gpu.milli ?? 1000;
  if (milli > 1000) return NO_GPU;
  if (plainRequest(gpu) && (milli === 1000 || gpu.count === 1)) {
    const fits = milli === 1000 ? node.idleGpus >= gpu.count : node.maxFreeGpuMilli >= milli;
    if (fits) return undefined;
    if (node.plainGpus >= gpu.count) return BUSY_GPU;
  }
  let acceptable = 0;
  let bigEnough = 0;
  let fits = 0;
  let memoryBlocked = 0;
  for (let d = 0; d < devices; d++) {
    if (!deviceAcceptable(gpu, node, d)) continue;
    acceptable++;
    const big = deviceBigEnough(gpu, node, d);
    if (big) bigEnough++;
    if (!deviceComputeFree(gpu, node, d)) continue;
    if (big && deviceMemoryFree(gpu, node, d)) fits++;
    else memoryBlocked++;
  }
  if (fits >= gpu.count) return undefined;
  if (acceptable === 0) return NO_MODEL;
  if (acceptable < gpu.count) return NO_GPU;
  if (bigEnough < gpu.count) return SMALL_GPU;
  return fits + memoryBlocked >= gpu.count ? BUSY_GPU_MEMORY : BUSY_GPU;
}

/** No model or memory constraint: the node's device summary answers "fits" without a device scan. */
function plainRequest(gpu: GpuRequest): boolean {
  return (gpu.models === undefined || gpu.models.length === 0) && gpu.memoryMiB === undefined;
}

function migVerdict(gpu: GpuRequest, node: NodeView): GpuVerdict | undefined {
  let free = 0;
  let total = 0;
  const profile = gpu.migProfile ?? '';
  for (let d = 0; d < node.gpuModel.length; d++) {
    free += freeMigSlices(gpu, node, d);
    for (const p of node.migProfiles[d] ?? []) if (p === profile) total++;
  }
  if (free >= gpu.count) return undefined;
  return { reason: GpuFitReason.mig(profile), unresolvable: total < gpu.count };
}
