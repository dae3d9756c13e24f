import { compareCheckpoints, type PostgresEventStore } from '@keel/event-store';
import { systemClock, uuidGenerator } from '@keel/kernel';
import { ClusterView, type EventLog, SchedulerCycle } from '@keel/scheduler-application';
import { type SimulateOutput } from '@keel/scheduler-simulator';
import { type ApiHarness, type ApiResponse, examples, startApiHarness } from '../testing/api-harness';

interface LivePod {
  name: string;
  phase: string;
  node: string | null;
  devices: { index: number }[];
}
interface Problem {
  error: { code: string; message: string; details: { path: string; reason: string }[] };
}

const TOLERATE_GPU = [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }];
const gpuPod = (name: string, count: number, extra: Record<string, unknown> = {}) => ({
  name,
  priority: 100,
  cpuMilli: 4000,
  memoryMiB: 16384,
  gpu: { count, models: ['A100-80GB', 'H100-80GB'] },
  tolerations: TOLERATE_GPU,
  ...extra,
});

/**
 * One pass of the live scheduler (the application layer `keel start` runs) over the log up to `until`,
 * binding through the command side as the scheduler service does; the API harness runs no scheduler.
 * `readAll` only returns events older than every running transaction (of any test database on the
 * server), so it is polled until it reaches `until`. Answers the checkpoint of the pass's last append.
 */
async function schedulerPass(store: PostgresEventStore, until: string): Promise<{ bound: number; checkpoint: string }> {
  const view = new ClusterView();
  let after = '0:0';
  const deadline = Date.now() + 20_000;
  while (compareCheckpoints(after, until) < 0) {
    if (Date.now() > deadline) throw new Error(`the log did not reach ${until}`);
    const batch = await store.readAll(after, 1000);
    for (const event of batch.events) view.apply(event);
    if (batch.events.length > 0) after = batch.checkpoint;
    else await new Promise((resolve) => setTimeout(resolve, 25));
  }
  let checkpoint = until;
  const log: EventLog = {
    appendToStreams: async (appends, options) => {
      const result = await store.appendToStreams(appends, options);
      checkpoint = result.checkpoint;
      return result;
    },
    readStream: (streamId) => store.readStream(streamId),
  };
  const report = await new SchedulerCycle({ log, view, clock: systemClock, ids: uuidGenerator }).pass();
  return { bound: report.bound, checkpoint };
}

describe('POST /v1/scheduling/simulate', () => {
  let h: ApiHarness;
  let live: LivePod[];
  let checkpoint: string;

  /** Simulates and checks that nothing was appended. */
  async function simulate<T = SimulateOutput>(body: unknown, query = ''): Promise<ApiResponse<T>> {
    const before = await h.eventCount();
    const response = await h.call<T>('POST', `/v1/scheduling/simulate${query}`, body);
    expect(await h.eventCount()).toBe(before);
    return response;
  }

  beforeAll(async () => {
    h = await startApiHarness();
    await h.call('POST', '/v1/models', examples.mistral7b);
    for (const name of ['gpu-node-01', 'gpu-node-02']) await h.call('POST', '/v1/nodes', examples.node(name));
    const created = await h.call<{ checkpoint: string }>('POST', '/v1/deployments', {
      ...examples.deployment('chat', 'mistral-7b', 3),
      scheduling: { tolerations: TOLERATE_GPU },
      labels: { app: 'chat' },
    });
    checkpoint = created.body.checkpoint;
    expect(created.status).toBe(201);
    const pass = await schedulerPass(h.api.infrastructure.store, checkpoint);
    expect(pass.bound).toBe(3);
    // Read the binds once the read models reach them (each try waits up to 5 s, then answers 503).
    for (let attempt = 0; attempt < 6; attempt++) {
      const pods = await h.call<{ items: LivePod[] }>('GET', `/v1/pods?phase=Bound&minCheckpoint=${pass.checkpoint}`);
      live = pods.body.items;
      if (pods.status === 200) break;
    }
    expect(live).toHaveLength(3);
  });
  afterAll(() => h.close());

  it('places a pod that fits on a live node, on GPUs the live pods do not hold', async () => {
    const response = await simulate({ pods: [gpuPod('what-if-a', 2), gpuPod('what-if-b', 2)] }, `?minCheckpoint=${checkpoint}`);
    expect(response.status).toBe(200);
    expect(response.body.unschedulable).toEqual([]);
    expect(response.body.preemptions).toEqual([]);
    expect(response.body.placements).toHaveLength(2);
    const held = new Set(live.flatMap((p) => p.devices.map((d) => `${p.node}/${d.index}`)));
    const taken = response.body.placements.flatMap((p) => p.gpus.map((g) => `${p.node}/${g}`));
    for (const placement of response.body.placements) expect(['gpu-node-01', 'gpu-node-02']).toContain(placement.node);
    // 8 GPUs, 3 held by live pods, 4 asked for: all distinct and none of the held ones.
    expect(new Set(taken).size).toBe(4);
    for (const gpu of taken) expect(held.has(gpu)).toBe(false);
    // A third 2-GPU pod no longer fits beside them: the live pods' devices really count.
    const full = await simulate({ pods: [gpuPod('a', 2), gpuPod('b', 2), gpuPod('c', 2)] });
    expect(full.body.unschedulable.map((u) => u.pod)).toEqual(['c']);
  });

  it('reports a pod without the toleration unschedulable with the Kubernetes-form message', async () => {
    const response = await simulate({ pods: [gpuPod('no-toleration', 1, { tolerations: [] })] });
    expect(response.status).toBe(200);
    expect(response.body.placements).toEqual([]);
    expect(response.body.unschedulable).toEqual([
      { pod: 'no-toleration', message: '0/2 nodes are available: 2 node(s) had untolerated taint {nvidia.com/gpu: present}.', reasons: { 'node(s) had untolerated taint {nvidia.com/gpu: present}': 2 } },
    ]);
  });

  it('makes a big pod fit on a hypothetical extra node', async () => {
    const big = gpuPod('big', 8);
    const without = await simulate({ pods: [big] });
    expect(without.body.placements).toEqual([]);
    expect(without.body.unschedulable[0]?.message).toMatch(/^0\/2 nodes are available: /);
    const extra = { name: 'hypothetical-h100', labels: { 'topology.kubernetes.io/zone': 'zone-b' }, cpuMilli: 128000, memoryMiB: 1048576, gpus: [{ model: 'H100-80GB', count: 8, memoryMiB: 81920 }] };
    const withNode = await simulate({ pods: [big], nodes: [extra] });
    expect(withNode.status).toBe(200);
    expect(withNode.body.placements).toEqual([{ pod: 'big', node: 'hypothetical-h100', gpus: [0, 1, 2, 3, 4, 5, 6, 7] }]);
    // The extra node stays hypothetical.
    expect((await h.call('GET', '/v1/nodes/hypothetical-h100')).status).toBe(404);
  });

  it('preempts strictly lower-priority live pods for an urgent pod, and names them', async () => {
    const response = await simulate({ pods: [gpuPod('urgent', 4, { priority: 1_000_000 })] });
    expect(response.status).toBe(200);
    const [placement] = response.body.placements;
    expect(placement).toMatchObject({ pod: 'urgent', gpus: [0, 1, 2, 3] });
    expect(response.body.preemptions.length).toBeGreaterThan(0);
    for (const preemption of response.body.preemptions) {
      expect(preemption).toMatchObject({ by: 'urgent', node: placement?.node });
      expect(live.find((p) => p.name === preemption.victim)?.node).toBe(placement?.node);
    }
    // Nothing was evicted for real.
    expect((await h.call<{ items: LivePod[] }>('GET', '/v1/pods?phase=Bound')).body.items).toHaveLength(3);
  });

  it.each<[string, unknown, string]>([
    ['a negative GPU count', { pods: [gpuPod('p', -1)] }, 'pods[0].gpu.count'],
    ['an unknown pod field', { pods: [{ ...gpuPod('p', 1), gpus: 1 }] }, 'pods[0]'],
    ['a bad toleration operator', { pods: [gpuPod('p', 1, { tolerations: [{ key: 'k', operator: 'Maybe' }] })] }, 'pods[0].tolerations[0].operator'],
    ['an extra node without cpuMilli', { pods: [], nodes: [{ name: 'n', memoryMiB: 1 }] }, 'nodes[0].cpuMilli'],
    ['missing pods', { nodes: [] }, 'pods'],
    ['a body that is not an object', '[1, 2]', 'body'],
    ['a nodeName no node has (checked past the live pods)', { pods: [gpuPod('x', 1), gpuPod('p', 1, { nodeName: 'nowhere' })] }, 'pods[1].nodeName'],
    ['an extra node named like a live node', { pods: [], nodes: [{ name: 'gpu-node-02', cpuMilli: 1, memoryMiB: 1 }] }, 'nodes[0].name'],
    // The live pods are chat-0..2 in namespace `keel`, the hypothetical pods' default namespace.
    ['a pod named like a live pod', { pods: [gpuPod('chat-1', 1)] }, 'pods[0].name'],
  ])('answers 400 naming the field for %s', async (_case, body, path) => {
    const response = await simulate<Problem>(body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('Validation');
    expect(response.body.error.message.startsWith(`${path}: `)).toBe(true);
    expect(response.body.error.details.map((d) => d.path)).toContain(path);
  });

  it('answers 400 for a malformed minCheckpoint', async () => {
    const response = await simulate<Problem>({ pods: [] }, '?minCheckpoint=soon');
    expect(response.status).toBe(400);
    expect(response.body.error.details[0]?.path).toBe('minCheckpoint');
  });
});

