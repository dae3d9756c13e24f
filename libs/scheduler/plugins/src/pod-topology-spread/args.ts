import { z } from 'zod';
import { zodArgs } from '../shared/zod-args';

/** PodTopologySpread takes no args (cluster-default constraints are not modelled). */
export const podTopologySpreadArgsSchema = z.strictObject({});

/** Typed args. */
export type PodTopologySpreadArgs = z.output<typeof podTopologySpreadArgsSchema>;

/** Validate raw args (absent = defaults). */
export const parsePodTopologySpreadArgs = zodArgs(podTopologySpreadArgsSchema);
