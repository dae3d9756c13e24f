import { z } from 'zod';
import { zodArgs } from '../shared/zod-args';

/** NodeAffinity has no tunables (kube's addedAffinity is not supported). */
export const nodeAffinityArgsSchema = z.strictObject({});

/** Typed args of NodeAffinity. */
export type NodeAffinityArgs = z.output<typeof nodeAffinityArgsSchema>;

/** Validate NodeAffinity args. */
export const parseNodeAffinityArgs = zodArgs(nodeAffinityArgsSchema);
