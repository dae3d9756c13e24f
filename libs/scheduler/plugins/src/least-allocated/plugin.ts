import { type CycleState, type NodeView, type PluginFactory, type PodSpec, type ScorePlugin } from '@keel/scheduler-framework';
import { z } from 'zod';
import { utilisationAfter } from '../shared/node-resources';
import { type ResourceWeights, resourceWeightsSchema, weightedMean } from '../shared/resource-weights';
import { zodArgs } from '../shared/zod-args';

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

/** Args: resource weights. */
export const leastAllocatedArgsSchema = z.strictObject({ resources: resourceWeightsSchema.default({ cpu: 1, memory: 1, gpu: 1 }) });

/** Factory for the registry. */
export const leastAllocatedFactory: PluginFactory<z.output<typeof leastAllocatedArgsSchema>> = {
  name: LEAST_ALLOCATED,
  parseArgs: zodArgs(leastAllocatedArgsSchema),
  create: (args) => new LeastAllocatedPlugin(args.resources),
};
