import { type CycleState, type NodeView, type PluginFactory, type PodSpec, type ScorePlugin } from '@keel/scheduler-framework';
import { utilisationAfter } from '../shared/node-resources';
import { type ResourceWeights, weightedMean } from '../shared/resource-weights';
import { type MostAllocatedArgs, parseMostAllocatedArgs } from './args';

/** Name under which MostAllocated is registered. */
export const MOST_ALLOCATED = 'MostAllocated';

/** kube NodeResourcesFit MostAllocated (bin-pack): weighted mean of used fraction after placement × 100. */
export class MostAllocatedPlugin implements ScorePlugin {
  readonly name = MOST_ALLOCATED;

  constructor(private readonly weights: ResourceWeights) {}

  score(_state: CycleState, pod: PodSpec, node: NodeView): number {
    return 100 * weightedMean(utilisationAfter(node, pod), this.weights, (u) => u);
  }
}

/** Factory for the registry. */
export const mostAllocatedFactory: PluginFactory<MostAllocatedArgs> = {
  name: MOST_ALLOCATED,
  parseArgs: parseMostAllocatedArgs,
  create: (args) => new MostAllocatedPlugin(args.resources),
};
