import { type GpuRequest, type NodeView } from '@keel/scheduler-framework';

/** Whether a device's model is acceptable and it is not MIG-partitioned (for whole/fractional requests). */
export function deviceAcceptable(gpu: GpuRequest, node: NodeView, device: number): boolean {
  if (node.migProfiles[device] !== undefined) return false;
  const models = gpu.models;
  return models === undefined || models.length === 0 || models.includes(node.gpuModel[device] ?? '');
}

/** Whether the device's total memory could ever hold the request. */
export function deviceBigEnough(gpu: GpuRequest, node: NodeView, device: number): boolean {
  return (node.gpuMemoryMiB[device] ?? 0) >= (gpu.memoryMiB ?? 0);
}

/** Whether the device has the compute share free: a whole device, or room for the fraction (≤ 1000). */
export function deviceComputeFree(gpu: GpuRequest, node: NodeView, device: number): boolean {
  const milli = gpu.milli ?? 1000;
  const used = node.gpuUsedMilli[device] ?? 0;
  return milli >= 1000 ? used === 0 : used + milli <= 1000;
}

/** Whether the device has the memory free for the request (exclusive requests need it untouched). */
export function deviceMemoryFree(gpu: GpuRequest, node: NodeView, device: number): boolean {
  const total = node.gpuMemoryMiB[device] ?? 0;
  const used = node.gpuUsedMemoryMiB[device] ?? 0;
  const exclusive = (gpu.milli ?? 1000) >= 1000 && gpu.memoryMiB === undefined;
  return exclusive ? used === 0 : used + (gpu.memoryMiB ?? 0) <= total;
}

/** Whether one device can take one unit of the request right now. */
export function deviceFits(gpu: GpuRequest, node: NodeView, device: number): boolean {
  return (
    deviceAcceptable(gpu, node, device) &&
    deviceComputeFree(gpu, node, device) &&
    deviceBigEnough(gpu, node, device) &&
    deviceMemoryFree(gpu, node, device)
  );
}

/** Free MIG slices of a profile on one device (model must be acceptable). */
export function freeMigSlices(gpu: GpuRequest, node: NodeView, device: number): number {
  const profiles = node.migProfiles[device];
  if (profiles === undefined || gpu.migProfile === undefined) return 0;
  const models = gpu.models;
  if (models !== undefined && models.length > 0 && !models.includes(node.gpuModel[device] ?? '')) return 0;
  const used = node.migUsed[device] ?? [];
  let free = 0;
  for (let i = 0; i < profiles.length; i++) if (profiles[i] === gpu.migProfile && used[i] !== true) free++;
  return free;
}
