import { z } from 'zod';
import { zodArgs } from '../shared/zod-args';

/** One typical pod shape and how often it occurs (weights are renormalised to sum to 1). */
export const typicalPodSchema = z.strictObject({
  cpuMilli: z.number().min(0).default(0),
  gpuCount: z.number().int().min(0),
  gpuMilli: z.number().int().min(0).max(1000).default(1000),
  models: z.array(z.string()).optional(),
  weight: z.number().positive(),
});

/** A typical pod shape. */
export type TypicalPod = z.output<typeof typicalPodSchema>;

/** Used when configuration names no shapes: a generic inference mix. */
export const DEFAULT_TYPICAL_PODS: readonly TypicalPod[] = [
  { cpuMilli: 0, gpuCount: 1, gpuMilli: 1000, weight: 0.4 },
  { cpuMilli: 0, gpuCount: 1, gpuMilli: 500, weight: 0.2 },
  { cpuMilli: 0, gpuCount: 2, gpuMilli: 1000, weight: 0.15 },
  { cpuMilli: 0, gpuCount: 4, gpuMilli: 1000, weight: 0.15 },
  { cpuMilli: 0, gpuCount: 8, gpuMilli: 1000, weight: 0.1 },
];

/** FGD args: the workload's typical pod shapes (from deployments, or from a trace). */
export const fgdArgsSchema = z.strictObject({
  typicalPods: z.array(typicalPodSchema).min(1).optional(),
});

/** Typed FGD args. */
export type FgdArgs = z.output<typeof fgdArgsSchema>;

/** Validate FGD args. */
export const parseFgdArgs = zodArgs(fgdArgsSchema);
