import { z } from 'zod';
import { zodArgs } from '../shared/zod-args';

/** GpuPacking takes no args. */
export const gpuPackingArgsSchema = z.strictObject({});

/** Typed args. */
export type GpuPackingArgs = z.output<typeof gpuPackingArgsSchema>;

/** Validate raw args (absent = defaults). */
export const parseGpuPackingArgs = zodArgs(gpuPackingArgsSchema);
