import { dnsLabel, labelMap, parseOrThrow } from '@keel/kernel';
import { z } from 'zod';
import { type NodeCommand } from '../commands';
import { assignPodSchema, nodeRefSchema, reasonSchema, registerNodeSchema, taintSchema } from './schemas';

type DataOf<K extends NodeCommand['type']> = Extract<NodeCommand, { type: K }>['data'];

/** One zod schema per node command, keyed by command type. */
export const nodeCommandSchemas: { readonly [K in NodeCommand['type']]: z.ZodType<DataOf<K>> } = {
  RegisterNode: registerNodeSchema,
  UpdateNodeLabels: nodeRefSchema.extend({ labels: labelMap }),
  UpdateNodeTaints: nodeRefSchema.extend({ taints: z.array(taintSchema).max(64) }),
  CordonNode: nodeRefSchema,
  UncordonNode: nodeRefSchema,
  DrainNode: nodeRefSchema.extend({ reason: reasonSchema.optional() }),
  MarkNodeFailed: nodeRefSchema.extend({ reason: reasonSchema }),
  RecoverNode: nodeRefSchema,
  DeregisterNode: nodeRefSchema.extend({ force: z.boolean().optional() }),
  AssignPod: assignPodSchema,
  ReleasePod: z.strictObject({ node: dnsLabel, deployment: dnsLabel, pod: dnsLabel }),
};

/**
 * Validate the data of a node command of the given type (for REST and gRPC to reuse).
 * Throws `DomainError('Validation')` with one `{ path, reason }` per problem.
 */
export function validateNodeCommand<K extends NodeCommand['type']>(type: K, data: unknown): DataOf<K> {
  const schema = nodeCommandSchemas[type] as z.ZodType<DataOf<K>>;
  return parseOrThrow(schema, data, `${type} command`);
}
