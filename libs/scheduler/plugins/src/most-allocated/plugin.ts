import { type CycleState, type NodeView, type PluginFactory, type PodSpec, type ScorePlugin } from '@keel/scheduler-framework';
import { z } from 'zod';
import { utilisationAfter } from '../shared/node-resources';
import { type ResourceWeights, resourceWeightsSchema, weightedMean } from '../shared/resource-weights';
import { zodArgs } from '../shared/zod-args';

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

/** Args: resource weights. */
export const mostAllocatedArgsSchema = z.strictObject({ resources: resourceWeightsSchema.default({ cpu: 1, memory: 1, gpu: 1 }) });

/** Factory for the registry. */
export const mostAllocatedFactory: PluginFactory<z.output<typeof mostAllocatedArgsSchema>> = {
  name: MOST_ALLOCATED,
  parseArgs: zodArgs(mostAllocatedArgsSchema),
  create: (args) => new MostAllocatedPlugin(args.resources),
};
