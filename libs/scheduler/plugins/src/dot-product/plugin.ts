import {
  type ClusterSnapshot,
  type CycleState,
  type NodeView,
  type PluginFactory,
  type PodSpec,
  podGpuMilli,
  type ScorePlugin,
} from '@keel/scheduler-framework';
import { freeGpuMilli } from '../shared/node-resources';
import { type DotProductArgs, parseDotProductArgs } from './args';

/** Name under which DotProduct is registered. */
export const DOT_PRODUCT = 'DotProduct';

/**
 * Tetris-style alignment as in the FGD paper's DotProd baseline: the smaller the dot product of the
 * node's free vector and the pod's request (both normalised by the largest node), the better.
 */
export class DotProductPlugin implements ScorePlugin {
  readonly name = DOT_PRODUCT;

  score(_state: CycleState, pod: PodSpec, node: NodeView, snapshot: ClusterSnapshot): number {
    const s = snapshot.stats;
    const cpu = ((node.cpuMilli - node.usedCpuMilli) / s.maxCpuMilli) * (pod.cpuMilli / s.maxCpuMilli);
    const memory = ((node.memoryMiB - node.usedMemoryMiB) / s.maxMemoryMiB) * (pod.memoryMiB / s.maxMemoryMiB);
    const gpu = (freeGpuMilli(node) / s.maxGpuMilli) * (podGpuMilli(pod) / s.maxGpuMilli);
    return 100 * (1 - (cpu + memory + gpu) / 3);
  }
}

/** Factory for the registry. */
export const dotProductFactory: PluginFactory<DotProductArgs> = {
  name: DOT_PRODUCT,
  parseArgs: parseDotProductArgs,
  create: () => new DotProductPlugin(),
};
