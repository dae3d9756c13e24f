import { errors, ok } from './responses';
import { type JsonSchema, type Parameter, type Paths } from './types';

const str: JsonSchema = { type: 'string' };
const int: JsonSchema = { type: 'integer' };
const bool: JsonSchema = { type: 'boolean' };
const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const list = (items: JsonSchema): JsonSchema => ({ type: 'array', items });
const nullable = (type: string): JsonSchema => ({ type: [type, 'null'] });
const shape = (properties: Record<string, JsonSchema>, optional: readonly string[] = []): JsonSchema => ({
  type: 'object', required: Object.keys(properties).filter((key) => !optional.includes(key)), properties,
});

const MOMENT = 'an ISO 8601 time (`2025-01-01T12:00:00Z`: the state before the first event, in log order, written after it — event time is `metadata.time`, else when it was recorded), a global position (`42`: the state right after that event) or a checkpoint (`<transactionId>:<position>`)';

/** A moment query parameter. */
export function momentParameter(name: string, description: string, required: boolean): Parameter {
  return { name, in: 'query', ...(required ? { required } : {}), description: `${description}: ${MOMENT}`, schema: { type: 'string', examples: ['2025-01-01T12:00:00Z', '42', '812:42'] } };
}

const asOf = shape({ position: int, checkpoint: str, time: nullable('string'), events: int });
const value: JsonSchema = { type: ['string', 'number', 'boolean', 'null'] };

/** Schemas of the time-travel picture and the diff (`libs/history`). */
export const historySchemas: Record<string, JsonSchema> = {
  ClusterPicture: shape({
    asOf: { ...asOf, description: 'the last event included' },
    nodes: list(shape({
      name: str, zone: str, cordoned: bool, condition: { type: 'string', enum: ['Ready', 'Failed'] }, pods: list(str),
      gpus: list(shape({ index: int, model: str, memoryMiB: int, allocatedMilli: int, allocatedMemoryMiB: int, pods: list(shape({ pod: str, deployment: str, milli: int, memoryMiB: int, mig: int }, ['mig'])) })),
    })),
    deployments: list(shape({ name: str, model: str, revision: int, replicas: int, pods: int, boundPods: int, pendingPods: int })),
    pods: list(shape({ name: str, deployment: str, replica: int, stage: int, revision: int, phase: { type: 'string', enum: ['Pending', 'Bound'] }, node: nullable('string'), gpuModel: nullable('string'), devices: list(int) })),
  }),
  ClusterDiff: shape({
    from: asOf,
    to: asOf,
    changes: list(shape({
      kind: { type: 'string', enum: ['node', 'deployment', 'pod'] },
      change: { type: 'string', enum: ['added', 'removed', 'changed', 'created', 'deleted', 'scaled', 'updated', 'bound', 'evicted', 'moved'] },
      name: str, deployment: str,
      fields: list(shape({ field: str, before: value, after: value })),
      text: { type: 'string', examples: ['deployment chat scaled 2 → 3 replicas'] },
    }, ['deployment'])),
  }),
};

/** `/v1/diff`. */
export const historyPaths: Paths = {
  '/v1/diff': {
    get: {
      operationId: 'clusterDiff',
      summary: 'What changed between two moments (nodes added/removed/changed, deployments created/deleted/scaled/updated, pods created/removed/bound/evicted/moved), rebuilt from the event log',
      tags: ['cluster'],
      parameters: [momentParameter('from', 'the earlier moment', true), momentParameter('to', 'the later moment', true), { $ref: '#/components/parameters/minCheckpoint' }],
      responses: { 200: ok('the changes, nodes first, then deployments, then pods', ref('ClusterDiff')), ...errors('BadRequest', 'NotCaughtUp') },
    },
  },
};
