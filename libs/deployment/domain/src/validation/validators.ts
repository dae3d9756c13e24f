import { dnsLabel, parseOrThrow } from '@keel/kernel';
import { z } from 'zod';
import { type DeploymentCommand } from '../commands';
import { MAX_REPLICAS, specShape } from './spec';

type DataOf<K extends DeploymentCommand['type']> = Extract<DeploymentCommand, { type: K }>['data'];

const deviceClaim = z.strictObject({
  index: z.int().min(0).max(15),
  milli: z.int().min(1).max(1000),
  memoryMiB: z.int().min(0).max(512 * 1024),
  mig: z.int().min(0).max(6).optional(),
});
const replicas = z.int().min(0).max(MAX_REPLICAS);
const candidate = z.strictObject({ node: dnsLabel, total: z.number().finite(), plugins: z.record(z.string().min(1).max(128), z.number().finite()) });

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
    candidates: z.array(candidate).max(16).optional(),
  }),
  EvictPod: z.strictObject({ name: dnsLabel, pod: dnsLabel, node: dnsLabel, reason: z.string().min(1).max(1024) }),
  RecordPodUnschedulable: z.strictObject({
    name: dnsLabel,
    pod: dnsLabel,
    message: z.string().min(1).max(4096),
    reasons: z.record(z.string().min(1).max(512), z.int().min(0)),
  }),
  PreemptPod: z.strictObject({ name: dnsLabel, pod: dnsLabel, node: dnsLabel, by: z.string().min(1).max(253), reason: z.string().min(1).max(1024) }),
};

/**
 * Validate the data of a deployment command of the given type (for REST and gRPC to reuse).
 * Throws `DomainError('Validation')` with one `{ path, reason }` per problem.
 */
export function validateDeploymentCommand<K extends DeploymentCommand['type']>(type: K, data: unknown): DataOf<K> {
  const schema = deploymentCommandSchemas[type] as z.ZodType<DataOf<K>>;
  return parseOrThrow(schema, data, `${type} command`);
}
