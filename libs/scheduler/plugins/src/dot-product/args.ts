import { z } from 'zod';
import { zodArgs } from '../shared/zod-args';

/** DotProduct takes no args. */
export const dotProductArgsSchema = z.strictObject({});

/** Typed args. */
export type DotProductArgs = z.output<typeof dotProductArgsSchema>;

/** Validate raw args (absent = defaults). */
export const parseDotProductArgs = zodArgs(dotProductArgsSchema);
