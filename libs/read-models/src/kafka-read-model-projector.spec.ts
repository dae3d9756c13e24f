import { isDeepStrictEqual } from 'node:util';
import { PostgresEventStore } from '@keel/event-store';
import { deleteTestTopics, eventually, KafkaEventBus, OutboxRelay, testKafkaSettings, withPublish } from '@keel/messaging';
import { createTestDatabase, type TestDatabase } from '@keel/testing';
import { logLevel } from 'kafkajs';
import { KafkaReadModelProjector } from './kafka-read-model-projector';
import { rebuildReadModels } from './rebuild';
import { runScenario } from './testing/scenario';
import { snapshotReadModels } from './testing/snapshot';
import { TestCluster } from './testing/test-cluster';

jest.setTimeout(120_000);

const settings = testKafkaSettings({ node: 3, deployment: 3, model: 1 });
let live: TestDatabase;
let fromKafka: TestDatabase;
let replay: TestDatabase;
let bus: KafkaEventBus;

beforeAll(async () => {
  [live, fromKafka, replay] = await Promise.all([createTestDatabase(), createTestDatabase(), createTestDatabase()]);
  bus = new KafkaEventBus(settings, { logLevel: logLevel.NOTHING });
});
afterAll(async () => {
  await bus.close();
  await Promise.all([live.drop(), fromKafka.drop(), replay.drop()]);
  await deleteTestTopics(settings);
});

describe('read models projected from Kafka (real broker)', () => {
  it('equal a replay of the Postgres log, though the relay crashed mid-run and re-published batches', async () => {
    const store = new PostgresEventStore(live.pool);
    let crashes = 3;
    // Publish half the batch and die before the ack of the rest, or publish it all and die before the checkpoint.
    const crashingRelayBus = withPublish(bus, async (batch) => {
      if (crashes > 0 && batch.length > 1) {
        crashes -= 1;
        await bus.publish(crashes % 2 === 0 ? batch : batch.slice(0, Math.ceil(batch.length / 2)));
        throw new Error('relay killed mid-batch');
      }
      await bus.publish(batch);
    });
    const relay = new OutboxRelay(store, crashingRelayBus, { batchSize: 7, pollIntervalMs: 20 });
    const projector = new KafkaReadModelProjector(fromKafka.pool, bus);
    await Promise.all([relay.start(), projector.start()]);
    const cluster = new TestCluster(store);
    await runScenario(cluster);
    await relay.waitFor(cluster.checkpoint, 60_000);
    expect(crashes).toBe(0);

    await rebuildReadModels(replay.pool, { source: live.pool, batchSize: 50 });
    const expected = await snapshotReadModels(replay.pool);
    await eventually(async () => isDeepStrictEqual(await snapshotReadModels(fromKafka.pool), expected), 60_000, 'read models from Kafka equal the replay');
    await projector.stop();
    await relay.stop();

    // A whole redelivery (a new group reads every topic from the beginning) changes nothing.
    const again = new KafkaReadModelProjector(fromKafka.pool, bus, { group: 'read-models-redelivery' });
    await again.start();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await again.stop();
    expect(await snapshotReadModels(fromKafka.pool)).toEqual(expected);
  });
});
