import { gpuNode, mistralSpec } from './testing/fixtures';
import { SchedulerHarness } from './testing/scheduler-harness';
import { type RunningScheduler, startScheduler } from './start-scheduler';

describe('the scheduler service binding pending pods', () => {
  let h: SchedulerHarness;
  let scheduler: RunningScheduler;
  beforeAll(async () => {
    ({ h, scheduler } = await SchedulerHarness.withScheduler());
  });
  afterAll(() => h.close());

  it('binds every replica of a deployment through AssignPod + BindPod, with the score breakdown recorded', async () => {
    await h.driver.registerNode(gpuNode('node-1'));
    await h.driver.registerNode(gpuNode('node-2'));
    await h.driver.createDeployment('web', 3, mistralSpec());
    await h.settle(scheduler);

    const pods = await h.pods('web');
    expect(pods.map((p) => p.phase)).toEqual(['Bound', 'Bound', 'Bound']);
    expect(pods.every((p) => p.pendingReason === null && p.devices.length === 1)).toBe(true);
    const { rows: allocations } = await h.db.pool.query<{ node: string; pod: string; devices: { index: number }[] }>('SELECT node, pod, devices FROM read.pod_allocations');
    for (const pod of pods) expect(allocations).toContainEqual(expect.objectContaining({ node: pod.node, pod: pod.name, devices: [expect.objectContaining({ index: pod.devices[0]?.index })] }));
    expect(Math.max(...(await h.deviceMilli()))).toBeLessThanOrEqual(1000);

    const { rows: scheduled } = await h.db.pool.query<{ data: { pod: string; candidates: { node: string; plugins: Record<string, number> }[] } }>(
      "SELECT data FROM es.events WHERE type = 'PodScheduled'",
    );
    expect(scheduled.map((r) => r.data.pod).sort()).toEqual(['web-0', 'web-1', 'web-2']);
    expect(scheduled[0]?.data.candidates[0]?.plugins).toHaveProperty('FGD');
  });

  it('leaves a pod Pending with the Kubernetes-form reason, once, and binds it when a node registers', async () => {
    await h.driver.registerNode({ ...gpuNode('batch-1'), taints: [{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }] });
    await h.driver.createDeployment('big', 1, mistralSpec({ gpus: 4 }));
    await h.settle(scheduler);

    const waiting = (await h.pods('big')).filter((p) => p.phase === 'Pending');
    expect(waiting).toHaveLength(1);
    const reason = waiting[0]?.pendingReason;
    expect(reason).toBe('0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: batch}, 2 Insufficient nvidia.com/gpu.');
    expect((await h.queries.getPod(waiting[0]!.name, 'big'))?.pendingReason).toBe(reason);

    await h.driver.node({ type: 'UpdateNodeLabels', data: { name: 'batch-1', labels: { pool: 'batch' } } });
    await h.settle(scheduler);
    const { rows } = await h.db.pool.query("SELECT 1 FROM es.events WHERE type = 'PodUnschedulable'");
    expect(rows).toHaveLength(1);

    await h.driver.registerNode(gpuNode('node-3'));
    await h.settle(scheduler);
    const pods = await h.pods('big');
    expect(pods.map((p) => [p.phase, p.pendingReason])).toEqual([['Bound', null]]);
    expect(pods.find((p) => p.name === waiting[0]?.name)?.node).toBe('node-3');
    expect(Math.max(...(await h.deviceMilli()))).toBeLessThanOrEqual(1000);
  });

  it('places the pipeline stages of a replica all or nothing', async () => {
    const pipeline = { ...mistralSpec({ gpus: 4 }), template: { ...mistralSpec({ gpus: 4 }).template, gpusPerReplica: 8, pipelineParallel: 2 } };
    await h.driver.createDeployment('pp', 1, pipeline);
    await h.settle(scheduler);
    const waiting = await h.pods('pp');
    expect(waiting.map((p) => [p.name, p.phase])).toEqual([['pp-0', 'Pending'], ['pp-0-1', 'Pending']]);
    expect(waiting.every((p) => p.pendingReason?.startsWith('0/4 nodes are available'))).toBe(true);

    await h.driver.registerNode(gpuNode('node-4'));
    await h.settle(scheduler);
    expect((await h.pods('pp')).map((p) => p.phase)).toEqual(['Pending', 'Pending']);
    const { rows } = await h.db.pool.query("SELECT 1 FROM es.events WHERE type = 'PodAssigned' AND data->>'deployment' = 'pp'");
    expect(rows).toHaveLength(0);

    await h.driver.registerNode(gpuNode('node-5'));
    await h.settle(scheduler);
    const placed = await h.pods('pp');
    expect(placed.map((p) => p.phase)).toEqual(['Bound', 'Bound']);
    expect(new Set(placed.map((p) => p.node))).toEqual(new Set(['node-4', 'node-5']));
  });
});

describe('the scheduler service with a pod name two deployments use', () => {
  let h: SchedulerHarness;
  let scheduler: RunningScheduler;
  beforeAll(async () => {
    ({ h, scheduler } = await SchedulerHarness.withScheduler());
  });
  afterAll(() => h.close());

  it('binds both x replica 1 stage 1 and x-1 replica 1 (each named x-1-1), and sees the node full afterwards', async () => {
    await h.driver.registerNode({ ...gpuNode('solo', 8), cpuMilli: 128_000, memoryMiB: 1_048_576 });
    const twoStages = { ...mistralSpec(), template: { ...mistralSpec().template, gpusPerReplica: 2, pipelineParallel: 2 } };
    await h.driver.createDeployment('x', 2, twoStages);
    await h.driver.createDeployment('x-1', 2, mistralSpec());
    await h.settle(scheduler);
    expect((await h.pods('x')).map((p) => [p.name, p.phase])).toEqual([['x-0', 'Bound'], ['x-0-1', 'Bound'], ['x-1', 'Bound'], ['x-1-1', 'Bound']]);
    expect((await h.pods('x-1')).map((p) => [p.name, p.phase])).toEqual([['x-1-0', 'Bound'], ['x-1-1', 'Bound']]);
    const { rows } = await h.db.pool.query<{ deployment: string }>("SELECT deployment FROM read.pod_allocations WHERE pod = 'x-1-1' ORDER BY deployment");
    expect(rows.map((r) => r.deployment)).toEqual(['x', 'x-1']);

    // 6 of 8 GPUs are taken: of three more one-GPU pods, two bind and one waits for a GPU.
    await h.driver.createDeployment('y', 3, mistralSpec());
    await h.settle(scheduler);
    const y = await h.pods('y');
    expect(y.map((p) => p.phase).sort()).toEqual(['Bound', 'Bound', 'Pending']);
    expect(y.find((p) => p.phase === 'Pending')?.pendingReason).toBe('0/1 nodes are available: 1 Insufficient nvidia.com/gpu.');
    expect(Math.max(...(await h.deviceMilli()))).toBeLessThanOrEqual(1000);
  });
});

describe('startScheduler configuration', () => {
  it('refuses an invalid profile at start-up, naming the problem', async () => {
    const h = await SchedulerHarness.start();
    try {
      await expect(startScheduler({ store: h.store, profile: { plugins: [{ name: 'NoSuchPlugin' }] } })).rejects.toThrow(/invalid scheduler profile: .*NoSuchPlugin/);
    } finally {
      await h.close();
    }
  });
});
