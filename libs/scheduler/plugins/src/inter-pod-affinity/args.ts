import { z } from 'zod';
import { zodArgs } from '../shared/zod-args';

/** InterPodAffinity takes no args (hardPodAffinityWeight is not modelled). */
export const interPodAffinityArgsSchema = z.strictObject({});

/** Typed args. */
export type InterPodAffinityArgs = z.output<typeof interPodAffinityArgsSchema>;

/** Validate raw args (absent = defaults). */
export const parseInterPodAffinityArgs = zodArgs(interPodAffinityArgsSchema);
