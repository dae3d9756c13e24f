import { deploymentCommandSchemas } from '@keel/deployment-domain';
import { type JsonSchema } from './types';
import { bodySchema } from './zod-json';

const str: JsonSchema = { type: 'string' };
const int: JsonSchema = { type: 'integer' };
const num: JsonSchema = { type: 'number' };
const bool: JsonSchema = { type: 'boolean' };
const time: JsonSchema = { type: 'string', format: 'date-time' };
const nullable = (type: string): JsonSchema => ({ type: [type, 'null'] });
const strings: JsonSchema = { type: 'array', items: str };
const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const list = (items: JsonSchema): JsonSchema => ({ type: 'array', items });

/** An object whose properties are all required except `optional`. */
function shape(properties: Record<string, JsonSchema>, optional: readonly string[] = []): JsonSchema {
  return { type: 'object', required: Object.keys(properties).filter((key) => !optional.includes(key)), properties };
}

/** A page of `item`s. */
export function page(item: string): JsonSchema {
  return shape({ items: list(ref(item)), nextCursor: { ...nullable('string'), description: 'null on the last page' } });
}

const claim = shape({ index: int, milli: int, memoryMiB: int, mig: int }, ['mig']);
const capacity = { nodes: int, totalGpus: num, allocatedGpus: num, freeGpus: num, idleGpus: num, unschedulableGpus: num, totalMemoryMiB: int, allocatedMemoryMiB: int, freeMemoryMiB: int };

/** The read DTOs of `libs/read-models/src/dto.ts`, as JSON Schemas (written once, here). */
export const readSchemas: Record<string, JsonSchema> = {
  GpuDevice: shape({
    index: int, model: str, memoryMiB: int, mig: strings, allocatedMilli: int, allocatedMemoryMiB: int, freeMilli: int, freeMemoryMiB: int,
    pods: list(shape({ pod: str, deployment: str, milli: int, memoryMiB: int, mig: int }, ['mig'])),
  }),
  Node: shape({
    name: str, zone: str, labels: { type: 'object', additionalProperties: str },
    taints: list(shape({ key: str, value: str, effect: str }, ['value'])),
    cpuMilli: int, memoryMiB: int, allocatedCpuMilli: int, allocatedMemoryMiB: int, unschedulable: bool,
    condition: { type: 'string', enum: ['Ready', 'Failed'] }, conditionReason: nullable('string'),
    state: { type: 'string', enum: ['Active', 'Deregistered'] }, podCount: int, gpus: list(ref('GpuDevice')), version: int, updatedAt: time,
  }),
  Model: shape({
    name: str, displayName: str, parametersBillions: num, dtype: str, layers: int, attentionHeads: int, kvHeads: int, headDim: int, maxContext: int,
    architecture: str, deprecated: bool, deprecationReason: nullable('string'), version: int, updatedAt: time,
  }),
  Deployment: shape({
    name: str, model: str, runtime: str, revision: int,
    spec: { ...bodySchema(deploymentCommandSchemas.UpdateDeployment, { omit: ['name', 'fit'] }), description: 'the current revision as requested' },
    fittingGpuModels: strings, priority: int, desiredReplicas: int, scheduledReplicas: int, pendingReplicas: int, podCount: int, boundPods: int,
    deleted: bool, version: int, updatedAt: time,
  }),
  Pod: shape({
    name: str, deployment: str, ordinal: int, stage: int, revision: int, phase: { type: 'string', enum: ['Pending', 'Bound'] },
    node: nullable('string'), gpuModel: nullable('string'), devices: list(claim),
    request: shape({ gpus: int, gpuMilli: int, gpuMemoryMiB: int, gpuModels: strings, cpuMilli: int, memoryMiB: int, priority: int }, ['gpuMemoryMiB']),
    priority: int, pendingReason: nullable('string'), version: int, position: int, updatedAt: time,
  }),
  Capacity: shape({ gpuModel: str, zone: str, ...capacity }),
  ClusterCapacity: shape({ items: list(ref('Capacity')), total: shape(capacity) }),
  AuditEntry: shape({
    position: int, streamId: str, streamType: str, streamVersion: int, type: str, actor: nullable('string'), time: nullable('string'), correlationId: nullable('string'),
    data: { description: 'the event data' },
  }),
  AuditPage: shape({ items: list(ref('AuditEntry')), nextCursor: { ...nullable('string'), description: 'pass as `afterPosition` for the next page' } }),
};
