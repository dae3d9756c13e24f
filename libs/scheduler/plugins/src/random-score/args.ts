import { z } from 'zod';
import { zodArgs } from '../shared/zod-args';

/** Args: the seed. */
export const randomScoreArgsSchema = z.strictObject({ seed: z.number().int().default(42) });

/** Typed args. */
export type RandomScoreArgs = z.output<typeof randomScoreArgsSchema>;

/** Validate raw args (absent = defaults). */
export const parseRandomScoreArgs = zodArgs(randomScoreArgsSchema);
