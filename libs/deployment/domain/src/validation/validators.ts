import { z } from 'zod';
import { type DeploymentCommand } from '../commands';
import { dnsLabel } from './k8s';
import { parseOrThrow } from './parse';
import { MAX_REPLICAS, specShape } from './spec';

type DataOf<K extends DeploymentCommand['type']> = Extract<DeploymentCommand, { type: K }>['data'];

const deviceClaim = z.strictObject({
  index: z.int().min(0).max(15),
  milli: z.int().min(1).max(1000),
  memoryMiB: z.int().min(0).max(512 * 1024),
  mig: z.int().min(0).max(6).optional(),
});
const replicas = z.int().min(0).max(MAX_REPLICAS);

/** One zod schema per deployment command, keyed by command type. */
export const deploymentCommandSchemas: { readonly [K in DeploymentCommand['type']]: z.ZodType<DataOf<K>> } = {
  CreateDeployment: z.strictObject({ ...specShape, replicas }),
  UpdateDeployment: z.strictObject(specShape),
  ScaleDeployment: z.strictObject({ name: dnsLabel, replicas }),
  DeleteDeployment: z.strictObject({ name: dnsLabel }),
  BindPod: z.strictObject({
    name: dnsLabel,
    pod: dnsLabel,
    node: dnsLabel,
    gpuModel: z.string().min(1).max(63),
    devices: z.array(deviceClaim).max(16).refine((d) => new Set(d.map((c) => c.index)).size === d.length, 'must not claim a device twice'),
  }),
  EvictPod: z.strictObject({ name: dnsLabel, pod: dnsLabel, node: dnsLabel, reason: z.string().min(1).max(1024) }),
};

/**
 * Validate the data of a deployment command of the given type (for REST and gRPC to reuse).
 * Throws `DomainError('Validation')` with one `{ path, reason }` per problem.
 */
export function validateDeploymentCommand<K extends DeploymentCommand['type']>(type: K, data: unknown): DataOf<K> {
  const schema = deploymentCommandSchemas[type] as z.ZodType<DataOf<K>>;
  return parseOrThrow(schema, data, `${type} command`);
}
