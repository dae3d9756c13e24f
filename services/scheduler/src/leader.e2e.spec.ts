import { gpuNode, mistral7b, mistralSpec } from './testing/fixtures';
import { SchedulerHarness } from './testing/scheduler-harness';

async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('two scheduler instances on one database', () => {
  let h: SchedulerHarness;
  beforeAll(async () => {
    h = await SchedulerHarness.start();
  });
  afterAll(() => h.close());

  it('elect one leader that binds every pod once; the standby takes over when the leader stops', async () => {
    const first = await h.scheduler('first');
    const second = await h.scheduler('second');
    await h.driver.registerModel(mistral7b);
    for (let n = 1; n <= 4; n++) await h.driver.registerNode(gpuNode(`node-${n}`, 4));
    await h.driver.createDeployment('web', 12, mistralSpec());
    await eventually(() => first.isLeader !== second.isLeader);
    const [leader, standby] = first.isLeader ? [first, second] : [second, first];
    await h.settle(leader);

    expect(standby.isLeader).toBe(false);
    expect(standby.lastWrite).toBe('0:0');
    const pods = await h.pods('web');
    expect(pods.filter((p) => p.phase === 'Bound')).toHaveLength(12);
    const { rows: binds } = await h.db.pool.query<{ pod: string; n: number }>("SELECT data->>'pod' AS pod, count(*)::int AS n FROM es.events WHERE type = 'PodAssigned' GROUP BY 1");
    expect(binds).toHaveLength(12);
    expect(binds.every((b) => b.n === 1)).toBe(true);
    expect(Math.max(...(await h.deviceMilli()))).toBeLessThanOrEqual(1000);

    await leader.stop();
    await h.driver.deployment({ type: 'ScaleDeployment', data: { name: 'web', replicas: 16 } });
    await eventually(() => standby.isLeader);
    await h.settle(standby);
    const after = await h.pods('web');
    expect(after.filter((p) => p.phase === 'Bound')).toHaveLength(16);
    expect(standby.lastWrite).not.toBe('0:0');
    const milli = await h.deviceMilli();
    expect(milli.filter((m) => m === 1000)).toHaveLength(16);
    expect(Math.max(...milli)).toBeLessThanOrEqual(1000);
  });

  it('resumes after a restart from its checkpoint without binding anything twice', async () => {
    for (const scheduler of h.schedulers) await scheduler.stop();
    const restarted = await h.scheduler('restarted');
    await h.driver.registerNode(gpuNode('node-5', 4));
    await h.driver.createDeployment('api', 2, mistralSpec());
    await eventually(() => restarted.isLeader);
    await h.settle(restarted);

    expect((await h.pods('api')).map((p) => p.phase)).toEqual(['Bound', 'Bound']);
    const { rows } = await h.db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM es.events WHERE type = 'PodAssigned' GROUP BY data->>'pod' HAVING count(*) > 1");
    expect(rows).toEqual([]);
    const milli = await h.deviceMilli();
    expect(milli.filter((m) => m === 1000)).toHaveLength(18);
  });
});
