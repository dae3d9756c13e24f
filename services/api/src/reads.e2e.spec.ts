import { type ApiHarness, examples, startApiHarness } from './testing/api-harness';

let h: ApiHarness;

beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());

interface Written {
  checkpoint: string;
}

describe('read models over HTTP', () => {
  it('reads its own writes with minCheckpoint: node, model, deployment, pods and cluster capacity', async () => {
    await h.call('POST', '/v1/models', examples.mistral7b);
    await h.call('POST', '/v1/nodes', examples.node('gpu-node-01'));
    await h.call('POST', '/v1/nodes', examples.node('gpu-node-03', 'A10G', 24576));
    const created = await h.call<Written>('POST', '/v1/deployments', examples.deployment('chat', 'mistral-7b', 3));
    const cp = created.body.checkpoint;

    const node = await h.call<{ name: string; gpus: unknown[]; unschedulable: boolean }>('GET', `/v1/nodes/gpu-node-01?minCheckpoint=${cp}`);
    expect(node.status).toBe(200);
    expect(node.body).toMatchObject({ name: 'gpu-node-01', unschedulable: false });
    expect(node.body.gpus).toHaveLength(4);

    const deployment = await h.call<{ desiredReplicas: number; pendingReplicas: number; scheduledReplicas: number }>('GET', `/v1/deployments/chat?minCheckpoint=${cp}`);
    expect(deployment.body).toMatchObject({ desiredReplicas: 3, pendingReplicas: 3, scheduledReplicas: 0 });

    const pods = await h.call<{ items: { name: string; phase: string; pendingReason: string }[] }>('GET', `/v1/pods?deployment=chat&minCheckpoint=${cp}`);
    expect(pods.body.items.map((p) => [p.name, p.phase])).toEqual([
      ['chat-0', 'Pending'],
      ['chat-1', 'Pending'],
      ['chat-2', 'Pending'],
    ]);
    const pod = await h.call<{ name: string; phase: string }>('GET', `/v1/pods/chat-1?minCheckpoint=${cp}`);
    expect(pod.body).toMatchObject({ name: 'chat-1', phase: 'Pending' });

    const cluster = await h.call<{ items: { gpuModel: string; zone: string; totalGpus: number; freeGpus: number }[] }>('GET', `/v1/cluster?minCheckpoint=${cp}`);
    expect(cluster.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ gpuModel: 'A100-80GB', zone: 'zone-a', totalGpus: 4, freeGpus: 4 }),
        expect.objectContaining({ gpuModel: 'A10G', zone: 'zone-a', totalGpus: 4, freeGpus: 4 }),
      ]),
    );

    const scaled = await h.call<Written>('POST', '/v1/deployments/chat/scale', { replicas: 1 });
    const after = await h.call<{ desiredReplicas: number }>('GET', `/v1/deployments/chat?minCheckpoint=${scaled.body.checkpoint}`);
    expect(after.body.desiredReplicas).toBe(1);
    const cordoned = await h.call<Written>('POST', '/v1/nodes/gpu-node-03/cordon');
    const cordonedNode = await h.call<{ unschedulable: boolean }>('GET', `/v1/nodes/gpu-node-03?minCheckpoint=${cordoned.body.checkpoint}`);
    expect(cordonedNode.body.unschedulable).toBe(true);
  });

  it('pages through collections with limit and cursor', async () => {
    for (const n of ['gpu-node-10', 'gpu-node-11', 'gpu-node-12']) await h.call('POST', '/v1/nodes', examples.node(n));
    const last = await h.call<Written>('POST', '/v1/nodes', examples.node('gpu-node-13'));
    const names: string[] = [];
    let cursor = '';
    for (let page = 0; page < 10; page++) {
      const response = await h.call<{ items: { name: string }[]; nextCursor: string | null }>('GET', `/v1/nodes?limit=2&minCheckpoint=${last.body.checkpoint}${cursor ? `&cursor=${cursor}` : ''}`);
      names.push(...response.body.items.map((n) => n.name));
      if (!response.body.nextCursor) break;
      cursor = encodeURIComponent(response.body.nextCursor);
    }
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['gpu-node-10', 'gpu-node-11', 'gpu-node-12', 'gpu-node-13']));
  });

  it.each([
    ['an unknown node', '/v1/nodes/nope', 404, 'NotFound'],
    ['an unknown deployment', '/v1/deployments/nope', 404, 'NotFound'],
    ['an unknown pod', '/v1/pods/nope-0', 404, 'NotFound'],
    ['a malformed minCheckpoint', '/v1/nodes?minCheckpoint=yesterday', 400, 'Validation'],
    ['a limit out of range', '/v1/nodes?limit=0', 400, 'Validation'],
    ['an unknown pod phase', '/v1/pods?phase=Running', 400, 'Validation'],
    ['a checkpoint the read models never reach in time', '/v1/nodes?minCheckpoint=999999999:999999999', 503, 'NotCaughtUp'],
  ])('answers %s with %s %s', async (_case, path, status, code) => {
    const response = await h.call<{ error: { code: string } }>('GET', path);
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
  });
});
