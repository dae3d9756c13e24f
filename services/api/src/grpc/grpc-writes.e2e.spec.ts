import { status } from '@grpc/grpc-js';
import { type CreateDeploymentRequest, type RegisterNodeRequest, type WriteResult } from '@keel/grpc-contract';
import { type ApiHarness, examples, startApiHarness } from '../testing/api-harness';
import { asActor, failure, type KeelClients, keelClients } from '../testing/grpc-client';

let h: ApiHarness;
let c: KeelClients;

/** The REST example node as a gRPC request. */
const node = (name: string, extra: Partial<RegisterNodeRequest> = {}): RegisterNodeRequest => {
  const { memoryMiB, devices, ...rest } = examples.node(name);
  return { ...rest, memoryMib: memoryMiB, devices: devices.map((d) => ({ model: d.model, memoryMib: d.memoryMiB, mig: [] })), idempotencyKey: '', ...extra };
};
const deployment = (name: string, model = 'mistral-7b', replicas = 2): CreateDeploymentRequest => {
  const { template, ...rest } = examples.deployment(name, model, replicas);
  const { memoryMiB, ...sizes } = template;
  return { ...rest, template: { ...sizes, memoryMib: memoryMiB }, labels: {}, idempotencyKey: '' };
};

beforeAll(async () => {
  h = await startApiHarness();
  c = keelClients(h.api.grpcAddress!);
  await h.call('POST', '/v1/models', examples.mistral7b);
  await h.call('POST', '/v1/models', examples.llama70b);
});
afterAll(async () => {
  c.close();
  await h.close();
});

const result = (response: { result?: WriteResult | undefined }): WriteResult => response.result!;
const actor = asActor('alice');

describe('gRPC writes run the same commands as REST', () => {
  it.each<[string, string, () => Promise<{ result?: WriteResult | undefined }>]>([
    ['RegisterNode', 'NodeRegistered', () => c.nodes.registerNode(node('gpu-node-01'), actor)],
    ['UpdateNodeLabels', 'NodeLabelsUpdated', () => c.nodes.updateNodeLabels({ name: 'gpu-node-01', labels: { tier: 'inference' }, idempotencyKey: '' }, actor)],
    ['UpdateNodeTaints (empty clears them)', 'NodeTaintsUpdated', () => c.nodes.updateNodeTaints({ name: 'gpu-node-01', taints: [], idempotencyKey: '' }, actor)],
    ['CordonNode', 'NodeCordoned', () => c.nodes.cordonNode({ name: 'gpu-node-01', idempotencyKey: '' }, actor)],
    ['UncordonNode', 'NodeUncordoned', () => c.nodes.uncordonNode({ name: 'gpu-node-01', idempotencyKey: '' }, actor)],
    ['MarkNodeFailed', 'NodeFailed', () => c.nodes.markNodeFailed({ name: 'gpu-node-01', reason: 'XID 79: GPU fell off the bus', idempotencyKey: '' }, actor)],
    ['RecoverNode', 'NodeRecovered', () => c.nodes.recoverNode({ name: 'gpu-node-01', idempotencyKey: '' }, actor)],
    ['DrainNode', 'NodeDrained', () => c.nodes.drainNode({ name: 'gpu-node-01', reason: 'maintenance', idempotencyKey: '' }, actor)],
    ['CreateDeployment', 'DeploymentCreated', () => c.deployments.createDeployment(deployment('chat'), actor)],
    ['UpdateDeployment', 'DeploymentUpdated', () => c.deployments.updateDeployment({ ...deployment('chat'), replicas: undefined, priority: 2000 } as CreateDeploymentRequest, actor)],
    ['ScaleDeployment', 'DeploymentScaled', () => c.deployments.scaleDeployment({ name: 'chat', replicas: 3, idempotencyKey: '' }, actor)],
    ['DeleteDeployment', 'PodRemoved', () => c.deployments.deleteDeployment({ name: 'chat', idempotencyKey: '' }, actor)],
    ['DeprecateModel', 'ModelDeprecated', () => c.models.deprecateModel({ name: 'llama-2-70b', reason: 'superseded by Llama-3', idempotencyKey: '' }, actor)],
    ['DeregisterNode', 'NodeDeregistered', () => c.nodes.deregisterNode({ name: 'gpu-node-01', force: true, idempotencyKey: '' }, actor)],
  ])('%s appends %s, answers the stream version and a checkpoint, and records the actor from metadata', async (_rpc, eventType, call) => {
    const { streamId, version, checkpoint, events, replayed } = result(await call());
    expect(events).toContain(eventType);
    expect(version).toBeGreaterThan(0);
    expect(checkpoint).toMatch(/^\d+:\d+$/);
    expect(replayed).toBe(false);
    const audit = await h.call<{ items: { type: string; actor: string }[] }>('GET', `/v1/events?stream=${streamId}&limit=1000`);
    expect(audit.body.items.filter((e) => e.type === eventType).map((e) => e.actor)).toContain('alice');
  });

  it('registers a model', async () => {
    const { events } = result(await c.models.registerModel({ ...examples.mistral7b, name: 'mistral-7b-instruct', idempotencyKey: '' }));
    expect(events).toEqual(['ModelRegistered']);
  });
});

describe('idempotency keys', () => {
  it('answers a retry with the first result, flagged as replayed, and appends nothing', async () => {
    const first = result(await c.nodes.registerNode(node('gpu-node-10', { idempotencyKey: 'register-10' }), actor));
    const before = await h.eventCount();
    const retry = result(await c.nodes.registerNode(node('gpu-node-10', { idempotencyKey: 'register-10' }), actor));
    expect(retry).toEqual({ ...first, replayed: true });
    expect(await h.eventCount()).toBe(before);
  });

  it('refuses the same key for a different request with ALREADY_EXISTS and appends nothing', async () => {
    await c.nodes.cordonNode({ name: 'gpu-node-10', idempotencyKey: 'op-1' });
    const before = await h.eventCount();
    const refused = await failure(c.nodes.uncordonNode({ name: 'gpu-node-10', idempotencyKey: 'op-1' }));
    expect(refused.code).toBe(status.ALREADY_EXISTS);
    expect(refused.reason).toBe('IdempotencyKeyReused');
    expect(await h.eventCount()).toBe(before);
  });

  it('keeps gRPC and REST keys apart: the same key on REST is a new request', async () => {
    const response = await h.call<{ events: string[] }>('POST', '/v1/nodes/gpu-node-10/uncordon', undefined, { 'idempotency-key': 'op-1' });
    expect(response.status).toBe(200);
    expect(response.body.events).toEqual(['NodeUncordoned']);
  });
});

describe('expected versions', () => {
  it('applies a write at the expected version and refuses a stale one with ABORTED, appending nothing', async () => {
    const created = result(await c.nodes.registerNode(node('gpu-node-20', { expectedVersion: 0 })));
    expect(created.version).toBe(1);
    const cordoned = result(await c.nodes.cordonNode({ name: 'gpu-node-20', idempotencyKey: '', expectedVersion: 1 }));
    expect(cordoned.version).toBe(2);
    const before = await h.eventCount();
    const stale = await failure(c.nodes.uncordonNode({ name: 'gpu-node-20', idempotencyKey: '', expectedVersion: 1 }));
    expect(stale.code).toBe(status.ABORTED);
    expect(stale.reason).toBe('Concurrency');
    expect(stale.errorInfo?.metadata).toEqual({ stream_id: 'node-gpu-node-20', expected_version: '1', actual_version: '2' });
    expect(await h.eventCount()).toBe(before);
  });

  it('refuses to create what exists when the expected version is 0', async () => {
    const refused = await failure(c.nodes.registerNode(node('gpu-node-20', { expectedVersion: 0 })));
    expect(refused.code).toBe(status.ABORTED);
    expect(refused.errorInfo?.metadata.actual_version).toBe('2');
  });

  it('lets at most one of many concurrent writes at the same expected version through', async () => {
    const attempts = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => c.deployments.createDeployment({ ...deployment('race'), replicas: i + 1, expectedVersion: 0 })));
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    for (const rejected of attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected')) expect((rejected.reason as { code: number }).code).toBe(status.ABORTED);
  });

  it('answers an idempotent retry of an applied write instead of a conflict', async () => {
    const first = result(await c.nodes.uncordonNode({ name: 'gpu-node-20', idempotencyKey: 'uncordon-20', expectedVersion: 2 }));
    const retry = result(await c.nodes.uncordonNode({ name: 'gpu-node-20', idempotencyKey: 'uncordon-20', expectedVersion: 2 }));
    expect(retry).toEqual({ ...first, replayed: true });
  });
});

describe('errors map to gRPC status codes and append nothing', () => {
  beforeAll(async () => {
    await c.nodes.registerNode(node('gpu-node-30'));
    await c.nodes.registerNode(node('gpu-node-31'));
    await c.nodes.markNodeFailed({ name: 'gpu-node-31', reason: 'ECC errors', idempotencyKey: '' });
    await c.models.registerModel({ ...examples.llama70b, name: 'llama-2-70b-chat', idempotencyKey: '' });
  });

  it.each<[string, keyof typeof status, string, readonly string[], () => Promise<unknown>]>([
    ['a negative number and a bad name', 'INVALID_ARGUMENT', 'Validation', ['name', 'memory_mib'], () => c.nodes.registerNode(node('GPU_Node', { memoryMib: -1 }))],
    ['a bad nested field', 'INVALID_ARGUMENT', 'Validation', ['devices[0].memory_mib'], () => c.nodes.registerNode(node('gpu-node-39', { devices: [{ model: 'A100-80GB', memoryMib: 0, mig: [] }] }))],
    ['a missing field', 'INVALID_ARGUMENT', 'Validation', ['cpu_milli'], () => c.nodes.registerNode(node('gpu-node-39', { cpuMilli: undefined }))],
    ['a deployment template without GPU models', 'INVALID_ARGUMENT', 'Validation', ['template.acceptable_gpu_models'], () => c.deployments.createDeployment({ ...deployment('empty'), template: { ...deployment('empty').template, acceptableGpuModels: [] } })],
    ['an absurd replica count', 'INVALID_ARGUMENT', 'Validation', ['replicas'], () => c.deployments.scaleDeployment({ name: 'race', replicas: 10_000_000, idempotencyKey: '' })],
    ['a deployment of an unknown model', 'INVALID_ARGUMENT', 'Validation', ['model'], () => c.deployments.createDeployment(deployment('ghost', 'no-such-model'))],
    ['a bad actor in metadata', 'INVALID_ARGUMENT', 'Validation', ['x-keel-actor'], () => c.nodes.cordonNode({ name: 'gpu-node-30', idempotencyKey: '' }, asActor('not an actor!'))],
    ['a bad idempotency key', 'INVALID_ARGUMENT', 'Validation', ['idempotency_key'], () => c.nodes.cordonNode({ name: 'gpu-node-30', idempotencyKey: 'spaces are not visible ascii' })],
    ['a negative expected version', 'INVALID_ARGUMENT', 'Validation', ['expected_version'], () => c.nodes.cordonNode({ name: 'gpu-node-30', idempotencyKey: '', expectedVersion: -1 })],
    ['an unknown node', 'NOT_FOUND', 'NotFound', [], () => c.nodes.cordonNode({ name: 'nope', idempotencyKey: '' })],
    ['an unknown deployment', 'NOT_FOUND', 'NotFound', [], () => c.deployments.scaleDeployment({ name: 'nope', replicas: 1, idempotencyKey: '' })],
    ['a duplicate node', 'ALREADY_EXISTS', 'Conflict', [], () => c.nodes.registerNode(node('gpu-node-30'))],
    ['uncordoning a failed node', 'FAILED_PRECONDITION', 'IllegalState', [], () => c.nodes.uncordonNode({ name: 'gpu-node-31', idempotencyKey: '' })],
    ['a model that fits no acceptable GPU', 'FAILED_PRECONDITION', 'FitFailure', [], () => c.deployments.createDeployment(deployment('big', 'llama-2-70b-chat'))],
  ])('%s: %s (%s), field violations %j', async (_case, code, reason, fields, call) => {
    const before = await h.eventCount();
    const refused = await failure(call());
    expect(refused.code).toBe(status[code]);
    expect(refused.reason).toBe(reason);
    expect(refused.message.length).toBeGreaterThan(0);
    expect(refused.fieldViolations.map((v) => v.field)).toEqual(expect.arrayContaining([...fields]));
    for (const violation of refused.fieldViolations) expect(violation.description.length).toBeGreaterThan(0);
    expect(await h.eventCount()).toBe(before);
  });

  it('puts the fit arithmetic in the message and names the template field in the precondition failure', async () => {
    const refused = await failure(c.deployments.createDeployment(deployment('big', 'llama-2-70b-chat')));
    expect(refused.message).toMatch(/^Llama-2-70B fp16 needs 130\.4 GiB of weights per replica/);
    expect(refused.preconditionFailures.map((v) => [v.type, v.subject])).toContainEqual(['FitFailure', 'template.acceptable_gpu_models[0]']);
  });
});
