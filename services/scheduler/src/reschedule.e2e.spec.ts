import { gpuNode, mistralSpec } from './testing/fixtures';
import { SchedulerHarness } from './testing/scheduler-harness';
import { type RunningScheduler } from './start-scheduler';

describe('the scheduler service rescheduling pods of lost nodes', () => {
  let h: SchedulerHarness;
  let scheduler: RunningScheduler;
  beforeAll(async () => {
    ({ h, scheduler } = await SchedulerHarness.withScheduler());
    for (const name of ['node-1', 'node-2', 'node-3', 'node-4']) await h.driver.registerNode(gpuNode(name, 2));
    await h.driver.createDeployment('web', 2, mistralSpec({ gpus: 2 }));
    await h.settle(scheduler);
  });
  afterAll(() => h.close());

  const nodesOf = async (): Promise<(string | null)[]> => (await h.pods('web')).map((p) => p.node);

  it.each([
    ['drained', (node: string) => h.driver.node({ type: 'DrainNode', data: { name: node, reason: 'maintenance' } }), 'drained'],
    ['marked failed', (node: string) => h.driver.node({ type: 'MarkNodeFailed', data: { name: node, reason: 'GPU fell off the bus' } }), 'failed'],
  ])('moves the pods of a node that was %s to another node and records the eviction', async (_how, lose, word) => {
    const before = await nodesOf();
    expect(before.every((n) => n !== null)).toBe(true);
    const lost = before[0]!;
    await lose(lost);
    await h.settle(scheduler);

    const pods = await h.pods('web');
    expect(pods.map((p) => p.phase)).toEqual(['Bound', 'Bound']);
    expect(pods.map((p) => p.node)).not.toContain(lost);
    expect(new Set(pods.map((p) => p.node)).size).toBe(2);
    const { rows } = await h.db.pool.query<{ data: { node: string; reason: string } }>("SELECT data FROM es.events WHERE type = 'PodEvicted' AND data->>'node' = $1", [lost]);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.data.reason).toBe(`node ${lost} ${word}`);
    const { rows: held } = await h.db.pool.query('SELECT pod FROM read.pod_allocations WHERE node = $1', [lost]);
    expect(held).toHaveLength(0);
    expect(Math.max(...(await h.deviceMilli()))).toBeLessThanOrEqual(1000);
  });

  it('releases what a node holds for pods removed by scaling down', async () => {
    await h.driver.deployment({ type: 'ScaleDeployment', data: { name: 'web', replicas: 1 } });
    await h.settle(scheduler);
    const { rows } = await h.db.pool.query<{ pod: string }>('SELECT pod FROM read.pod_allocations');
    expect(rows.map((r) => r.pod)).toEqual(['web-0']);
  });
});
