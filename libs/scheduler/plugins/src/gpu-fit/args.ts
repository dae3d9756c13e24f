import { z } from 'zod';
import { zodArgs } from '../shared/zod-args';

/** GpuFit has no tunables yet; the schema rejects unknown keys so typos are caught. */
export const gpuFitArgsSchema = z.strictObject({});

/** Typed args of GpuFit. */
export type GpuFitArgs = z.output<typeof gpuFitArgsSchema>;

/** Validate GpuFit args. */
export const parseGpuFitArgs = zodArgs(gpuFitArgsSchema);
