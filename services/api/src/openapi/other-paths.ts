import { momentParameter } from './history-paths';
import { readList, readOne } from './operations';
import { queryFilter } from './parameters';
import { errors, ok } from './responses';
import { type Paths } from './types';

const health = (status: string) => ok(status, { type: 'object', required: ['status'], properties: { status: { type: 'string' }, checks: { type: 'object', additionalProperties: { type: 'string' } } } });

/** Pods, cluster capacity, the audit log, health and this document. */
export const otherPaths: Paths = {
  '/v1/pods': {
    get: readList('listPods', 'List pods (phase, node, devices, pending reason)', 'pods', 'Pod', [
      queryFilter('deployment', 'only pods of this deployment'),
      queryFilter('node', 'only pods bound to this node'),
      queryFilter('phase', 'only pods in this phase', ['Pending', 'Bound']),
    ]),
  },
  '/v1/pods/{name}': { get: readOne('getPod', 'Get a pod', 'pods', 'Pod', [queryFilter('deployment', 'the deployment, when pod names are ambiguous')]) },
  '/v1/cluster': {
    get: {
      operationId: 'clusterCapacity', summary: 'Capacity by GPU model and zone: total, allocated and free GPUs and memory; with `asOf`, the cluster as it was then', tags: ['cluster'],
      description: 'Without `asOf`: capacity from the read models. With `asOf`: time travel — nodes, GPU allocation, deployments and pods as they were at that moment, rebuilt from the event log (`ClusterPicture`).',
      parameters: [{ $ref: '#/components/parameters/minCheckpoint' }, momentParameter('asOf', 'time travel to this moment', false)],
      responses: {
        200: ok('capacity, or the time-travel picture with `asOf`', { oneOf: [{ $ref: '#/components/schemas/ClusterCapacity' }, { $ref: '#/components/schemas/ClusterPicture' }] }),
        ...errors('BadRequest', 'NotCaughtUp'),
      },
    },
  },
  '/v1/events': {
    get: {
      operationId: 'listEvents', summary: 'The audit log: who changed what, when, and the event', tags: ['events'],
      parameters: [
        queryFilter('stream', 'only events of this stream (e.g. `node-gpu-node-01`)'),
        queryFilter('type', 'only events of this type (e.g. `NodeCordoned`)'),
        { name: 'afterPosition', in: 'query', description: 'events after this global position (the previous page\'s `nextCursor`)', schema: { type: 'integer', minimum: 0 } },
        { $ref: '#/components/parameters/limit' },
      ],
      responses: { 200: ok('a page of events', { $ref: '#/components/schemas/AuditPage' }), ...errors('BadRequest') },
    },
  },
  '/healthz': { get: { operationId: 'live', summary: 'Liveness', tags: ['health'], responses: { 200: health('alive') } } },
  '/readyz': { get: { operationId: 'ready', summary: 'Readiness: the database answers', tags: ['health'], responses: { 200: health('ready'), 503: health('database unavailable') } } },
  '/v1/openapi.json': { get: { operationId: 'openapi', summary: 'This OpenAPI document (browse it at /v1/docs)', tags: ['health'], responses: { 200: ok('OpenAPI 3.1 document', { type: 'object' }) } } },
};
