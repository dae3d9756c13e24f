import { gpuNode, mistralSpec } from './testing/fixtures';
import { SchedulerHarness } from './testing/scheduler-harness';
import { type RunningScheduler } from './start-scheduler';

describe('the scheduler service preempting lower-priority pods', () => {
  let h: SchedulerHarness;
  let scheduler: RunningScheduler;
  beforeAll(async () => {
    ({ h, scheduler } = await SchedulerHarness.withScheduler());
    await h.driver.registerNode(gpuNode('node-1', 2));
  });
  afterAll(() => h.close());

  it('evicts the cheapest lower-priority pods for a higher-priority one and records PodPreempted', async () => {
    await h.driver.createDeployment('batch', 2, mistralSpec({ priority: 10 }));
    await h.settle(scheduler);
    expect((await h.pods('batch')).map((p) => p.phase)).toEqual(['Bound', 'Bound']);

    await h.driver.createDeployment('vip', 1, mistralSpec({ priority: 1000 }));
    await h.settle(scheduler);

    expect((await h.pods('vip')).map((p) => [p.phase, p.node])).toEqual([['Bound', 'node-1']]);
    const batch = await h.pods('batch');
    const victims = batch.filter((p) => p.phase === 'Pending');
    expect(victims).toHaveLength(1);
    expect(batch.filter((p) => p.phase === 'Bound')).toHaveLength(1);
    const { rows } = await h.db.pool.query<{ data: { pod: string; by: string; node: string; reason: string } }>("SELECT data FROM es.events WHERE type = 'PodPreempted'");
    expect(rows.map((r) => r.data)).toEqual([{ deployment: 'batch', pod: victims[0]?.name, by: 'vip/vip-0', node: 'node-1', reason: 'priority 1000 > 10' }]);
    expect(victims[0]?.pendingReason).toBe('0/1 nodes are available: 1 Insufficient nvidia.com/gpu.');
    expect(Math.max(...(await h.deviceMilli()))).toBeLessThanOrEqual(1000);
  });

  it('never preempts pods of equal or higher priority', async () => {
    await h.driver.createDeployment('peer', 1, mistralSpec({ priority: 1000 }));
    await h.settle(scheduler);
    expect((await h.pods('peer')).map((p) => p.phase)).toEqual(['Bound']);
    expect((await h.pods('batch')).map((p) => p.phase)).toEqual(['Pending', 'Pending']);

    await h.driver.createDeployment('late', 1, mistralSpec({ priority: 1000 }));
    await h.settle(scheduler);
    expect((await h.pods('late')).map((p) => [p.phase, p.pendingReason])).toEqual([['Pending', '0/1 nodes are available: 1 Insufficient nvidia.com/gpu.']]);
    expect([...(await h.pods('vip')), ...(await h.pods('peer'))].map((p) => p.phase)).toEqual(['Bound', 'Bound']);
    const { rows } = await h.db.pool.query("SELECT 1 FROM es.events WHERE type = 'PodPreempted'");
    expect(rows).toHaveLength(2);
  });
});
