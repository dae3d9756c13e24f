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
import { type BestFitArgs, parseBestFitArgs } from './args';

/** Name under which BestFit is registered. */
export const BEST_FIT = 'BestFit';

/**
 * Best fit as in the FGD paper's baseline: 100 × (1 − Σ wᵢ·(freeᵢ − requestᵢ)/maxᵢ) over CPU and GPU,
 * max being the largest node of the cluster: the node left with the least is best.
 */
export class BestFitPlugin implements ScorePlugin {
  readonly name = BEST_FIT;

  constructor(private readonly args: BestFitArgs) {}

  score(_state: CycleState, pod: PodSpec, node: NodeView, snapshot: ClusterSnapshot): number {
    const cpuLeft = node.cpuMilli - node.usedCpuMilli - pod.cpuMilli;
    const gpuLeft = freeGpuMilli(node) - podGpuMilli(pod);
    const waste =
      (this.args.cpuWeight * cpuLeft) / snapshot.stats.maxCpuMilli + (this.args.gpuWeight * gpuLeft) / snapshot.stats.maxGpuMilli;
    return 100 * (1 - waste);
  }
}

/** Factory for the registry. */
export const bestFitFactory: PluginFactory<BestFitArgs> = {
  name: BEST_FIT,
  parseArgs: parseBestFitArgs,
  create: (args) => new BestFitPlugin(args),
};
