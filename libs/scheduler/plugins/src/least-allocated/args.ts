import { z } from 'zod';
import { resourceWeightsSchema } from '../shared/resource-weights';
import { zodArgs } from '../shared/zod-args';

/** Args: resource weights. */
export const leastAllocatedArgsSchema = z.strictObject({ resources: resourceWeightsSchema.default({ cpu: 1, memory: 1, gpu: 1 }) });

/** Typed args. */
export type LeastAllocatedArgs = z.output<typeof leastAllocatedArgsSchema>;

/** Validate raw args (absent = defaults). */
export const parseLeastAllocatedArgs = zodArgs(leastAllocatedArgsSchema);
