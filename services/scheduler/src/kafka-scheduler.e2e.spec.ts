import { PostgresEventStore } from '@keel/event-store';
import { deleteTestTopics, eventually, KafkaEventBus, OutboxRelay, testKafkaSettings } from '@keel/messaging';
import { logLevel } from 'kafkajs';
import { type RunningScheduler } from './start-scheduler';
import { startKafkaScheduler } from './start-kafka-scheduler';
import { gpuNode, mistral7b, mistralSpec } from './testing/fixtures';
import { SchedulerHarness } from './testing/scheduler-harness';

jest.setTimeout(180_000);

const settings = testKafkaSettings({ node: 3, deployment: 3, model: 1 });

/** The scheduler fed by Kafka: the log is relayed to a real broker, two instances in one consumer group. */
describe('two schedulers on the Kafka transport (real broker)', () => {
  let h: SchedulerHarness;
  let relayBus: KafkaEventBus;
  let relay: OutboxRelay;
  const buses: KafkaEventBus[] = [];
  const schedulers: RunningScheduler[] = [];

  beforeAll(async () => {
    h = await SchedulerHarness.start();
    relayBus = new KafkaEventBus(settings, { logLevel: logLevel.NOTHING });
    relay = new OutboxRelay(h.store, relayBus, { pollIntervalMs: 20 });
    await relay.start();
  });
  afterAll(async () => {
    for (const scheduler of schedulers) await scheduler.stop();
    for (const bus of buses) await bus.close();
    await relay.stop();
    await relayBus.close();
    await h.close();
    await deleteTestTopics(settings);
  });

  /** An instance as another process would run it: its own pool and its own broker client. */
  async function scheduler(instanceId: string): Promise<RunningScheduler> {
    const bus = new KafkaEventBus(settings, { logLevel: logLevel.NOTHING });
    buses.push(bus);
    const started = await startKafkaScheduler({ store: new PostgresEventStore(h.db.newPool(4)), bus, instanceId, onError: (e) => console.error('scheduler error', e) });
    schedulers.push(started);
    return started;
  }

  async function binds(): Promise<{ pod: string; n: number }[]> {
    const { rows } = await h.db.pool.query<{ pod: string; n: number }>("SELECT data->>'pod' AS pod, count(*)::int AS n FROM es.events WHERE type = 'PodAssigned' GROUP BY 1");
    return rows;
  }

  it('one member holds every partition and binds each pod once; the standby takes over when the leader leaves', async () => {
    const first = await scheduler('first');
    const second = await scheduler('second');
    await h.driver.registerModel(mistral7b);
    for (let n = 1; n <= 4; n++) await h.driver.registerNode(gpuNode(`node-${n}`, 4));
    await h.driver.createDeployment('web', 12, mistralSpec());
    await eventually(() => first.isLeader !== second.isLeader, 60_000, 'one leader');
    const [leader, standby] = first.isLeader ? [first, second] : [second, first];
    await h.settle(leader, h.driver.checkpoint);
    await eventually(async () => (await h.pods('web')).filter((p) => p.phase === 'Bound').length === 12, 30_000, '12 pods bound');

    expect(standby.isLeader).toBe(false);
    expect(standby.lastWrite).toBe('0:0');
    expect(await binds()).toHaveLength(12);
    expect((await binds()).every((b) => b.n === 1)).toBe(true);
    expect(Math.max(...(await h.deviceMilli()))).toBeLessThanOrEqual(1000);

    await leader.stop();
    await h.driver.deployment({ type: 'ScaleDeployment', data: { name: 'web', replicas: 16 } });
    await eventually(() => standby.isLeader, 60_000, 'the standby takes over');
    await eventually(async () => (await h.pods('web')).filter((p) => p.phase === 'Bound').length === 16, 60_000, '16 pods bound');
    expect(standby.lastWrite).not.toBe('0:0');
    expect(await binds()).toHaveLength(16);
    expect((await binds()).every((b) => b.n === 1)).toBe(true);
    const milli = await h.deviceMilli();
    expect(milli.filter((m) => m === 1000)).toHaveLength(16);
    expect(Math.max(...milli)).toBeLessThanOrEqual(1000);
  });
});
