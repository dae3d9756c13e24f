import { z } from 'zod';
import { zodArgs } from '../shared/zod-args';

/** Args: CPU and GPU weights (paper: 0.5 each). */
export const bestFitArgsSchema = z.strictObject({
  cpuWeight: z.number().min(0).default(0.5),
  gpuWeight: z.number().min(0).default(0.5),
});

/** Typed args. */
export type BestFitArgs = z.output<typeof bestFitArgsSchema>;

/** Validate raw args (absent = defaults). */
export const parseBestFitArgs = zodArgs(bestFitArgsSchema);
