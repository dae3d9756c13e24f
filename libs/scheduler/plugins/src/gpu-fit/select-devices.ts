import { type GpuRequest, type NodeView } from '@keel/scheduler-framework';
import { deviceFits, freeMigSlices } from './device-fit';

/**
 * Default device choice: MIG slices in device order; whole devices lowest index first; fractions
 * best-fit (the fitting devices with the least free milli-GPU, then lowest index).
 */
export function selectDevicesBestFit(gpu: GpuRequest | undefined, node: NodeView): number[] {
  if (gpu === undefined || gpu.count <= 0) return [];
  if (gpu.migProfile !== undefined) return migSlices(gpu, node);
  const fitting: number[] = [];
  for (let d = 0; d < node.gpuModel.length; d++) if (deviceFits(gpu, node, d)) fitting.push(d);
  if ((gpu.milli ?? 1000) < 1000) {
    fitting.sort((a, b) => (node.gpuUsedMilli[b] ?? 0) - (node.gpuUsedMilli[a] ?? 0) || a - b);
  }
  return fitting.slice(0, gpu.count);
}

function migSlices(gpu: GpuRequest, node: NodeView): number[] {
  const chosen: number[] = [];
  for (let d = 0; d < node.gpuModel.length && chosen.length < gpu.count; d++) {
    const free = freeMigSlices(gpu, node, d);
    for (let i = 0; i < free && chosen.length < gpu.count; i++) chosen.push(d);
  }
  return chosen;
}
