import { type CycleState, type NodeView, type PluginFactory, type PodSpec, type ScorePlugin } from '@keel/scheduler-framework';
import { utilisationAfter } from '../shared/node-resources';
import { type ResourceWeights, weightedMean } from '../shared/resource-weights';
import { type LeastAllocatedArgs, parseLeastAllocatedArgs } from './args';

/** Name under which LeastAllocated is registered. */
export const LEAST_ALLOCATED = 'LeastAllocated';

/** kube NodeResourcesFit LeastAllocated (spread): weighted mean of free fraction after placement × 100. */
export class LeastAllocatedPlugin implements ScorePlugin {
  readonly name = LEAST_ALLOCATED;

  constructor(private readonly weights: ResourceWeights) {}

  score(_state: CycleState, pod: PodSpec, node: NodeView): number {
    return 100 * weightedMean(utilisationAfter(node, pod), this.weights, (u) => 1 - u);
  }
}

/** Factory for the registry. */
export const leastAllocatedFactory: PluginFactory<LeastAllocatedArgs> = {
  name: LEAST_ALLOCATED,
  parseArgs: parseLeastAllocatedArgs,
  create: (args) => new LeastAllocatedPlugin(args.resources),
};
