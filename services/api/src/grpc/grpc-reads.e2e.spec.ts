import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import {
  DiffClusterResponse,
  GetClusterAsOfResponse,
  GetClusterCapacityResponse,
  GetDeploymentResponse,
  GetModelResponse,
  GetNodeResponse,
  GetPodResponse,
  ListDeploymentsResponse,
  ListEventsResponse,
  ListModelsResponse,
  ListNodesResponse,
  ListPodsResponse,
  PROTO_ROOT,
  protoFiles,
  RegisterNodeRequest,
  SimulateRequest,
  SimulateResponse,
} from '@keel/grpc-contract';
import { type ApiHarness, examples, startApiHarness } from '../testing/api-harness';
import { failure, type KeelClients, keelClients } from '../testing/grpc-client';

let h: ApiHarness;
let c: KeelClients;
/** Checkpoint of the last write of the setup: every read below waits for it. */
let last: string;

/** Drops what proto3 JSON leaves out (null, '', 0, false, [], {}), so REST and gRPC JSON compare field by field. */
function normalised(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalised);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).map(([key, v]) => [key, normalised(v)] as const);
  return Object.fromEntries(entries.filter(([, v]) => !(v === null || v === '' || v === 0 || v === false || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && Object.keys(v).length === 0))));
}

const rest = async (path: string): Promise<unknown> => {
  const response = await h.call('GET', path);
  expect(response.status).toBe(200);
  return response.body;
};

beforeAll(async () => {
  h = await startApiHarness();
  c = keelClients(h.api.grpcAddress!);
  await c.models.registerModel({ ...examples.mistral7b, idempotencyKey: '' });
  for (const name of ['gpu-node-01', 'gpu-node-02', 'gpu-node-03']) await c.nodes.registerNode(RegisterNodeRequest.fromJSON(examples.node(name)));
  await h.call('POST', '/v1/nodes/gpu-node-03/cordon');
  await h.call('POST', '/v1/deployments', { ...examples.deployment('chat'), scheduling: { tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }] }, labels: { app: 'chat' } });
  last = (await h.call<{ checkpoint: string }>('POST', '/v1/deployments/chat/scale', { replicas: 3 })).body.checkpoint;
});
afterAll(async () => {
  c.close();
  await h.close();
});

describe('every REST operation has an RPC', () => {
  it('names each operation of the OpenAPI document (besides health and the document itself) in an RPC comment of the .proto files', async () => {
    const document = (await rest('/v1/openapi.json')) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
    const restOnly = new Set(['GET /healthz', 'GET /readyz', 'GET /v1/openapi.json']);
    const named = new Set(
      protoFiles()
        .filter((file) => file.startsWith('keel/'))
        .flatMap((file) => [...readFileSync(join(PROTO_ROOT, file), 'utf8').matchAll(/\(REST: (GET|POST|PUT|DELETE) ([^\s?)]+)/g)].map((m) => `${m[1]} ${m[2]}`)),
    );
    expect(operations.filter((op) => !restOnly.has(op) && !named.has(op))).toEqual([]);
    expect([...named].filter((op) => !operations.includes(op))).toEqual([]);
  });
});

describe('gRPC reads answer what REST answers', () => {
  it.each<[string, string, () => Promise<unknown>]>([
    ['GetNode', '/v1/nodes/gpu-node-01', async () => GetNodeResponse.toJSON(await c.nodes.getNode({ name: 'gpu-node-01', minCheckpoint: last }))],
    ['ListNodes', '/v1/nodes?limit=2', async () => ListNodesResponse.toJSON(await c.nodes.listNodes({ limit: 2, minCheckpoint: last }))],
    ['GetModel', '/v1/models/mistral-7b', async () => GetModelResponse.toJSON(await c.models.getModel({ name: 'mistral-7b', minCheckpoint: last }))],
    ['ListModels', '/v1/models', async () => ListModelsResponse.toJSON(await c.models.listModels({ minCheckpoint: last }))],
    ['GetDeployment', '/v1/deployments/chat', async () => GetDeploymentResponse.toJSON(await c.deployments.getDeployment({ name: 'chat', minCheckpoint: last }))],
    ['ListDeployments', '/v1/deployments', async () => ListDeploymentsResponse.toJSON(await c.deployments.listDeployments({ minCheckpoint: last }))],
    ['GetPod', '/v1/pods/chat-1?deployment=chat', async () => GetPodResponse.toJSON(await c.pods.getPod({ name: 'chat-1', deployment: 'chat', minCheckpoint: last }))],
    ['ListPods', '/v1/pods?deployment=chat&phase=Pending&limit=2', async () => ListPodsResponse.toJSON(await c.pods.listPods({ deployment: 'chat', phase: 'Pending', limit: 2, minCheckpoint: last }))],
    ['GetClusterCapacity', '/v1/cluster', async () => GetClusterCapacityResponse.toJSON(await c.cluster.getClusterCapacity({ minCheckpoint: last }))],
    ['GetClusterAsOf', '/v1/cluster?asOf={last}', async () => GetClusterAsOfResponse.toJSON(await c.cluster.getClusterAsOf({ asOf: last }))],
    ['DiffCluster', '/v1/diff?from=1&to={last}', async () => DiffClusterResponse.toJSON(await c.cluster.diffCluster({ from: '1', to: last }))],
    ['ListEvents', '/v1/events?afterPosition=2&limit=5', async () => ListEventsResponse.toJSON(await c.events.listEvents({ afterPosition: 2, limit: 5 }))],
  ])('%s equals GET %s field by field', async (_rpc, route, grpcRead) => {
    const path = route.replace('{last}', last);
    const viaGrpc = await grpcRead();
    const viaRest = await rest(path);
    const restShaped = (path.match(/^\/v1\/(nodes|models|deployments|pods)\/[^?]+/)?.[1] ?? '').replace(/s$/, '');
    // Single resources come wrapped (`{ node: … }`); everything else has the REST shape already.
    expect(normalised(restShaped === '' ? viaGrpc : (viaGrpc as Record<string, unknown>)[restShaped])).toEqual(normalised(viaRest));
    expect(JSON.stringify(viaRest).length).toBeGreaterThan(40);
  });

  it('Simulate takes the REST body as its proto3 JSON and answers the same placements', async () => {
    const body = { pods: [{ name: 'what-if', gpu: { count: 2, models: ['A100-80GB'] }, tolerations: [{ operator: 'Exists' }] }, { name: 'too-big', gpu: { count: 9 } }], seed: 7 };
    const viaRest = await h.call('POST', `/v1/scheduling/simulate?minCheckpoint=${last}`, body);
    const viaGrpc = SimulateResponse.toJSON(await c.scheduling.simulate(SimulateRequest.fromJSON({ ...body, minCheckpoint: last })));
    expect(viaRest.status).toBe(200);
    expect(normalised(viaGrpc)).toEqual(normalised(viaRest.body));
    expect((viaGrpc as { placements: unknown[] }).placements).toHaveLength(1);
  });
});

describe('read your writes over gRPC', () => {
  it('sees a gRPC write at once when reading with its checkpoint as min_checkpoint', async () => {
    const { result } = await c.nodes.cordonNode({ name: 'gpu-node-02', idempotencyKey: '' });
    const { node } = await c.nodes.getNode({ name: 'gpu-node-02', minCheckpoint: result!.checkpoint });
    expect(node?.unschedulable).toBe(true);
    expect(node?.version).toBe(result!.version);
  });

  it('answers UNAVAILABLE (NotCaughtUp) when the read models do not reach min_checkpoint in time', async () => {
    const refused = await failure(c.nodes.getNode({ name: 'gpu-node-01', minCheckpoint: '999999999:999999999' }));
    expect(refused.code).toBe(status.UNAVAILABLE);
    expect(refused.reason).toBe('NotCaughtUp');
  });
});

describe('bad reads', () => {
  it.each<[string, keyof typeof status, string, () => Promise<unknown>]>([
    ['a malformed min_checkpoint', 'INVALID_ARGUMENT', 'min_checkpoint', () => c.nodes.listNodes({ minCheckpoint: 'yesterday' })],
    ['a limit out of range', 'INVALID_ARGUMENT', 'limit', () => c.models.listModels({ limit: 0 })],
    ['an unknown pod phase', 'INVALID_ARGUMENT', 'phase', () => c.pods.listPods({ phase: 'Running' })],
    ['a missing name', 'INVALID_ARGUMENT', 'name', () => c.deployments.getDeployment({})],
    ['a bad moment', 'INVALID_ARGUMENT', 'as_of', () => c.cluster.getClusterAsOf({ asOf: 'last tuesday' })],
    ['a missing moment', 'INVALID_ARGUMENT', 'to', () => c.cluster.diffCluster({ from: '1' })],
    ['a negative position', 'INVALID_ARGUMENT', 'after_position', () => c.events.listEvents({ afterPosition: -1 })],
    ['a bad simulated pod', 'INVALID_ARGUMENT', 'pods[0].gpu.milli', () => c.scheduling.simulate(SimulateRequest.fromJSON({ pods: [{ name: 'p', gpu: { count: 1, milli: 5000 } }] }))],
    ['an unknown node', 'NOT_FOUND', '', () => c.nodes.getNode({ name: 'nope' })],
    ['an unknown pod', 'NOT_FOUND', '', () => c.pods.getPod({ name: 'nope' })],
  ])('%s: %s naming %s', async (_case, code, field, call) => {
    const refused = await failure(call());
    expect(refused.code).toBe(status[code]);
    if (field !== '') expect(refused.fieldViolations.map((v) => v.field)).toContain(field);
  });
});
