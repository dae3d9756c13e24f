import { type NodeView, type PodSpec } from '@keel/scheduler-framework';
import { deviceFits } from '../gpu-fit/device-fit';
import { nodeFragmentation } from './fragmentation';
import { type ShapeGroup } from './shape-groups';

/** FGD's verdict for one pod on one node: score (0–100) and, for a fractional pod, the best device. */
export interface FgdEvaluation {
  readonly score: number;
  readonly device: number;
}

/** Load the node's free milli-GPU per device into `free` (MIG devices count as 0). */
export function loadFree(node: NodeView, free: Float64Array): void {
  for (let d = 0; d < node.gpuModel.length; d++) {
    free[d] = node.migProfiles[d] === undefined ? 1000 - (node.gpuUsedMilli[d] ?? 0) : 0;
  }
}

/** Fragmentation of the node as it is. */
export function currentFragmentation(groups: readonly ShapeGroup[], node: NodeView, free: Float64Array): number {
  loadFree(node, free);
  return nodeFragmentation(groups, node.cpuMilli - node.usedCpuMilli, free, node.gpuModel.length, node.gpuModel);
}

/**
 * Score = ⌊sigmoid(fragmentation decrease / 1000) × 100⌋: the node where the pod makes expected
 * fragmentation grow least wins. Fractional pods try every fitting device and keep the best one.
 */
export function evaluateFgd(groups: readonly ShapeGroup[], pod: PodSpec, node: NodeView, before: number, free: Float64Array): FgdEvaluation {
  const gpu = pod.gpu;
  if (gpu !== undefined && gpu.migProfile !== undefined) return { score: 50, device: -1 };
  loadFree(node, free);
  const devices = node.gpuModel.length;
  const cpuLeft = node.cpuMilli - node.usedCpuMilli - pod.cpuMilli;
  const after = (): number => nodeFragmentation(groups, cpuLeft, free, devices, node.gpuModel);
  if (gpu === undefined || gpu.count <= 0) return { score: sigmoidScore(before - after()), device: -1 };
  const milli = gpu.milli ?? 1000;
  if (milli >= 1000 || gpu.count > 1) {
    let taken = 0;
    for (let d = 0; d < devices && taken < gpu.count; d++) {
      if (deviceFits(gpu, node, d)) {
        free[d] = (free[d] as number) - milli;
        taken++;
      }
    }
    return { score: sigmoidScore(before - after()), device: -1 };
  }
  return bestSharedDevice(pod, node, before, free, after);
}

function bestSharedDevice(pod: PodSpec, node: NodeView, before: number, free: Float64Array, after: () => number): FgdEvaluation {
  const gpu = pod.gpu;
  const milli = gpu?.milli ?? 1000;
  let best: FgdEvaluation = { score: -1, device: -1 };
  for (let d = 0; d < node.gpuModel.length; d++) {
    if (gpu === undefined || !deviceFits(gpu, node, d) || triedEquivalent(node, free, d)) continue;
    const original = free[d] as number;
    free[d] = original - milli;
    const score = sigmoidScore(before - after());
    free[d] = original;
    if (score > best.score) best = { score, device: d };
  }
  return best;
}

/** An earlier device with the same model and free share gives the same result: skip it. */
function triedEquivalent(node: NodeView, free: Float64Array, d: number): boolean {
  for (let e = 0; e < d; e++) {
    if (free[e] === free[d] && node.gpuModel[e] === node.gpuModel[d] && node.migProfiles[e] === undefined) return true;
  }
  return false;
}

/** Integer, as kube's int64 scores: near-equal nodes tie and the tie-break consolidates them. */
function sigmoidScore(decrease: number): number {
  return Math.floor(100 / (1 + Math.exp(-decrease / 1000)));
}
