import { z } from 'zod';
import { zodArgs } from '../shared/zod-args';

/** NodeUnschedulable takes no args. */
export const nodeUnschedulableArgsSchema = z.strictObject({});

/** Typed args. */
export type NodeUnschedulableArgs = z.output<typeof nodeUnschedulableArgsSchema>;

/** Validate raw args (absent = defaults). */
export const parseNodeUnschedulableArgs = zodArgs(nodeUnschedulableArgsSchema);
