import { z } from 'zod';
import { zodArgs } from '../shared/zod-args';

/** TaintToleration has no tunables. */
export const taintTolerationArgsSchema = z.strictObject({});

/** Typed args of TaintToleration. */
export type TaintTolerationArgs = z.output<typeof taintTolerationArgsSchema>;

/** Validate TaintToleration args. */
export const parseTaintTolerationArgs = zodArgs(taintTolerationArgsSchema);
