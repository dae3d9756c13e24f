import { type CycleState, type NodeView, type PluginFactory, type PodSpec, type ScorePlugin } from '@keel/scheduler-framework';
import { fullyFreeDevices } from '../shared/node-resources';
import { selectDevicesBestFit } from '../gpu-fit/select-devices';
import { type GpuPackingArgs, parseGpuPackingArgs } from './args';

/** Name under which GpuPacking is registered. */
export const GPU_PACKING = 'GpuPacking';

/**
 * The FGD paper's Packing baseline, in tiers: share already-used GPUs (50–100, fuller is better), else
 * use free GPUs on a used node (33–50), else open an idle node (0–33, smaller nodes first).
 */
export class GpuPackingPlugin implements ScorePlugin {
  readonly name = GPU_PACKING;

  score(_state: CycleState, pod: PodSpec, node: NodeView): number {
    const gpu = pod.gpu;
    if (gpu === undefined || gpu.count <= 0 || gpu.migProfile !== undefined) return 0;
    const fullyFree = fullyFreeDevices(node);
    if (fullyFree === node.gpuModel.length) return Math.max(33 - fullyFree, fullyFree);
    const devices = selectDevicesBestFit(gpu, node);
    let freshDevices = 0;
    let freeOnShared = 0;
    for (const d of devices) {
      const used = node.gpuUsedMilli[d] ?? 0;
      if (used === 0) freshDevices++;
      freeOnShared += Math.floor(((1000 - used) * 100) / 1000);
    }
    if (freshDevices > 0) return Math.max(50 - freshDevices, 33);
    return Math.max(100 - Math.floor(freeOnShared / 10), 50);
  }
}

/** Factory for the registry. */
export const gpuPackingFactory: PluginFactory<GpuPackingArgs> = {
  name: GPU_PACKING,
  parseArgs: parseGpuPackingArgs,
  create: () => new GpuPackingPlugin(),
};
