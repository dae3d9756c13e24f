import { type ApiHarness, examples, startApiHarness } from './testing/api-harness';

let h: ApiHarness;

beforeAll(async () => {
  h = await startApiHarness();
  await h.call('POST', '/v1/models', examples.mistral7b);
  await h.call('POST', '/v1/models', examples.llama70b);
  await h.call('POST', '/v1/nodes', examples.node('gpu-node-01'));
});
afterAll(() => h.close());

describe('node, model and deployment commands over HTTP', () => {
  it.each([
    ['PUT', '/v1/nodes/gpu-node-01/labels', { labels: { tier: 'inference' } }, 'NodeLabelsUpdated'],
    ['PUT', '/v1/nodes/gpu-node-01/taints', { taints: [] }, 'NodeTaintsUpdated'],
    ['POST', '/v1/nodes/gpu-node-01/cordon', undefined, 'NodeCordoned'],
    ['POST', '/v1/nodes/gpu-node-01/uncordon', undefined, 'NodeUncordoned'],
    ['POST', '/v1/nodes/gpu-node-01/fail', { reason: 'XID 79: GPU fell off the bus' }, 'NodeFailed'],
    ['POST', '/v1/nodes/gpu-node-01/recover', undefined, 'NodeRecovered'],
    ['POST', '/v1/nodes/gpu-node-01/drain', { reason: 'maintenance' }, 'NodeDrained'],
    ['POST', '/v1/deployments', examples.deployment('chat'), 'DeploymentCreated'],
    ['PUT', '/v1/deployments/chat', { ...examples.deployment('chat'), replicas: undefined, priority: 2000 }, 'DeploymentUpdated'],
    ['POST', '/v1/deployments/chat/scale', { replicas: 3 }, 'DeploymentScaled'],
    ['DELETE', '/v1/deployments/chat', undefined, 'PodRemoved'],
    ['POST', '/v1/models/llama-2-70b/deprecate', { reason: 'superseded by Llama-3' }, 'ModelDeprecated'],
    ['DELETE', '/v1/nodes/gpu-node-01', undefined, 'NodeDeregistered'],
  ])('%s %s appends %s and answers with the stream version and a checkpoint', async (method, path, body, eventType) => {
    const response = await h.call<{ streamId: string; version: number; checkpoint: string; events: string[] }>(method, path, body, { 'x-keel-actor': 'alice' });
    expect([200, 201]).toContain(response.status);
    expect(response.body.events).toContain(eventType);
    expect(response.body.version).toBeGreaterThan(0);
    expect(response.body.checkpoint).toMatch(/^\d+:\d+$/);
    const audit = await h.call<{ items: { type: string; actor: string }[] }>('GET', `/v1/events?stream=${response.body.streamId}&limit=1000`);
    expect(audit.body.items.map((e) => e.type)).toContain(eventType);
    expect(audit.body.items.every((e) => e.actor === 'alice' || e.actor === 'anonymous')).toBe(true);
  });
});

describe('errors append nothing', () => {
  beforeAll(async () => {
    await h.call('POST', '/v1/nodes', examples.node('gpu-node-02'));
    await h.call('POST', '/v1/nodes', examples.node('gpu-node-06'));
    await h.call('POST', '/v1/nodes/gpu-node-06/fail', { reason: 'ECC errors' });
    await h.call('POST', '/v1/models', { ...examples.llama70b, name: 'llama-2-70b-chat', displayName: 'Llama-2-70B' });
    await h.call('POST', '/v1/deployments', examples.deployment('svc'));
  });

  it.each([
    ['malformed JSON', 'POST', '/v1/nodes', '{"name": ', 400, 'MalformedJson', 'body'],
    ['a body that is not an object', 'POST', '/v1/nodes', '[1,2]', 400, 'Validation', 'body'],
    ['an unknown field', 'POST', '/v1/nodes', { ...examples.node('gpu-node-09'), colour: 'blue' }, 400, 'Validation', ''],
    ['a wrong type', 'POST', '/v1/nodes', { ...examples.node('gpu-node-09'), cpuMilli: 'lots' }, 400, 'Validation', 'cpuMilli'],
    ['a negative number', 'POST', '/v1/nodes', { ...examples.node('gpu-node-09'), memoryMiB: -1 }, 400, 'Validation', 'memoryMiB'],
    ['an absurd number', 'POST', '/v1/deployments/svc/scale', { replicas: 10_000_000 }, 400, 'Validation', 'replicas'],
    ['a name that is not a DNS label', 'POST', '/v1/nodes', { ...examples.node('GPU_Node') }, 400, 'Validation', 'name'],
    ['an unknown node', 'POST', '/v1/nodes/nope/cordon', undefined, 404, 'NotFound', undefined],
    ['an unknown deployment', 'POST', '/v1/deployments/nope/scale', { replicas: 1 }, 404, 'NotFound', undefined],
    ['an unknown action', 'POST', '/v1/nodes/gpu-node-02/explode', undefined, 404, 'NotFound', undefined],
    ['an unknown route', 'GET', '/v1/nothing-here', undefined, 404, 'NotFound', undefined],
    ['a duplicate node', 'POST', '/v1/nodes', examples.node('gpu-node-02'), 409, 'Conflict', undefined],
    ['uncordoning a failed node', 'POST', '/v1/nodes/gpu-node-06/uncordon', undefined, 409, 'IllegalState', undefined],
    ['a deployment whose model fits no acceptable GPU', 'POST', '/v1/deployments', examples.deployment('big', 'llama-2-70b-chat'), 422, 'FitFailure', 'template.acceptableGpuModels[0]'],
    ['a deployment of an unknown model', 'POST', '/v1/deployments', examples.deployment('ghost', 'no-such-model'), 400, 'Validation', 'model'],
    ['a name in the body that differs from the URL', 'POST', '/v1/deployments/svc/scale', { name: 'other', replicas: 1 }, 400, 'Validation', 'name'],
    ['a client-supplied fit verdict', 'POST', '/v1/deployments', { ...examples.deployment('cheat'), fit: {} }, 400, 'Validation', 'fit'],
  ])('%s gets %s %s and appends nothing', async (_case, method, path, body, status, code, field) => {
    const before = await h.eventCount();
    const response = await h.call<{ error: { code: string; message: string; details: { path: string; reason: string }[] } }>(method as string, path as string, body);
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    expect(response.body.error.message.length).toBeGreaterThan(0);
    if (field !== undefined && field !== '') expect(response.body.error.details.map((d) => d.path)).toContain(field);
    expect(await h.eventCount()).toBe(before);
  });

  it.each([
    ['a body that is not JSON', 'text/plain', 'name=gpu-node-09', 415, 'UnsupportedMediaType', 'Content-Type'],
    ['a body over 1 MiB', 'application/json', JSON.stringify({ ...examples.node('gpu-node-09'), padding: 'x'.repeat(1024 * 1024) }), 413, 'PayloadTooLarge', 'body'],
    ['a __proto__ key', 'application/json', '{"name": "gpu-node-09", "__proto__": {"admin": true}}', 400, 'MalformedJson', 'body'],
  ])('%s is refused and appends nothing', async (_case, contentType, body, status, code, field) => {
    const before = await h.eventCount();
    const response = await fetch(`${h.api.url}/v1/nodes`, { method: 'POST', headers: { 'content-type': contentType }, body });
    const error = ((await response.json()) as { error: { code: string; details: { path: string }[] } }).error;
    expect([response.status, error.code]).toEqual([status, code]);
    expect(error.details.map((d) => d.path)).toContain(field);
    expect(await h.eventCount()).toBe(before);
  });

  it('routes a path with a trailing slash like the path without it', async () => {
    const response = await h.call('GET', '/v1/nodes/');
    expect(response.status).toBe(200);
  });

  it('puts the fit arithmetic in the 422 message', async () => {
    const response = await h.call<{ error: { message: string } }>('POST', '/v1/deployments', examples.deployment('big', 'llama-2-70b-chat'));
    expect(response.body.error.message).toMatch(/^Llama-2-70B fp16 needs 130\.4 GiB of weights per replica; with tensorParallel 1 that is 130\.4 GiB per GPU, more than 0\.9 × 80 GiB on A100-80GB; use tensorParallel ≥ \d/);
  });
});

describe('Idempotency-Key', () => {
  it('answers a retry with the first response and appends nothing, even after the state moved on', async () => {
    const first = await h.call('POST', '/v1/nodes', examples.node('gpu-node-03'), { 'idempotency-key': 'register-03' });
    expect(first.status).toBe(201);
    const before = await h.eventCount();
    const retry = await h.call('POST', '/v1/nodes', examples.node('gpu-node-03'), { 'idempotency-key': 'register-03' });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await h.eventCount()).toBe(before);
  });

  it('counts the query string as part of the request: the same key on DELETE with and without force is a 409', async () => {
    await h.call('POST', '/v1/nodes', examples.node('gpu-node-07'));
    const first = await h.call('DELETE', '/v1/nodes/gpu-node-07', undefined, { 'idempotency-key': 'deregister-07' });
    expect(first.status).toBe(200);
    const before = await h.eventCount();
    const other = await h.call<{ error: { code: string } }>('DELETE', '/v1/nodes/gpu-node-07?force=true', undefined, { 'idempotency-key': 'deregister-07' });
    expect([other.status, other.body.error.code]).toEqual([409, 'IdempotencyKeyReused']);
    const retry = await h.call('DELETE', '/v1/nodes/gpu-node-07', undefined, { 'idempotency-key': 'deregister-07' });
    expect(retry.body).toEqual(first.body);
    expect(await h.eventCount()).toBe(before);
  });

  it('refuses the same key for a different request with 409 and appends nothing', async () => {
    await h.call('POST', '/v1/nodes', examples.node('gpu-node-04'), { 'idempotency-key': 'register-04' });
    const before = await h.eventCount();
    const other = await h.call<{ error: { code: string } }>('POST', '/v1/nodes', examples.node('gpu-node-05'), { 'idempotency-key': 'register-04' });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('IdempotencyKeyReused');
    expect(await h.eventCount()).toBe(before);
  });

  it('lets exactly one of many concurrent retries apply', async () => {
    await h.call('POST', '/v1/deployments', examples.deployment('idem'));
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => h.call('POST', '/v1/deployments/idem/scale', { replicas: 5 }, { 'idempotency-key': 'scale-idem-5' })),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(new Set(responses.map((r) => JSON.stringify(r.body))).size).toBe(1);
    const scaled = await h.call<{ items: unknown[] }>('GET', '/v1/events?stream=deployment-idem&type=DeploymentScaled');
    expect(scaled.body.items).toHaveLength(1);
  });
});

describe('concurrency', () => {
  it('50 concurrent scale requests on one deployment: each applied or 409, final replicas = the last applied', async () => {
    await h.call('POST', '/v1/deployments', examples.deployment('hot', 'mistral-7b', 1));
    const requested = Array.from({ length: 50 }, (_, i) => (i % 7) + 1);
    const responses = await Promise.all(requested.map((replicas) => h.call<{ version: number }>('POST', '/v1/deployments/hot/scale', { replicas })));
    expect(responses.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    const applied = responses.map((r, i) => ({ ...r, replicas: requested[i]! })).filter((r) => r.status === 200);
    expect(applied.length).toBeGreaterThan(0);
    const last = applied.reduce((a, b) => (b.body.version > a.body.version ? b : a));
    const scaled = await h.call<{ items: { data: { replicas: number } }[] }>('GET', '/v1/events?stream=deployment-hot&type=DeploymentScaled&limit=1000');
    const finalReplicas = scaled.body.items.length ? scaled.body.items[scaled.body.items.length - 1]!.data.replicas : 1;
    expect(finalReplicas).toBe(last.replicas);
  });
});
