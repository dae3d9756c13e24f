import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { compareCheckpoints, PostgresEventStore } from '@keel/event-store';
import { eventually, KafkaEventBus, OutboxRelay, testKafkaSettings } from '@keel/messaging';
import { createTestDatabase, type TestDatabase } from '@keel/testing';
import { logLevel } from 'kafkajs';
import { KafkaReadModelProjector } from './kafka-read-model-projector';
import { rebuildReadModels } from './rebuild';
import { snapshotReadModels } from './testing/snapshot';
import { TestCluster } from './testing/test-cluster';

jest.setTimeout(300_000);

const SCRIPTS = join(__dirname, '..', '..', '..', 'scripts', 'kafka');
/** A broker of its own (not the shared one the other Kafka tests use), so restarting it disturbs nobody. */
const broker = {
  KAFKA_PORT: String(19_092 + (process.pid % 500) * 2),
  KAFKA_CONTROLLER_PORT: String(19_093 + (process.pid % 500) * 2),
  KAFKA_STATE_DIR: mkdtempSync(join(tmpdir(), 'keel-kafka-restart-')),
};
const run = (script: string): string => execFileSync(join(SCRIPTS, script), { env: { ...process.env, ...broker }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

let live: TestDatabase;
let replay: TestDatabase;

beforeAll(async () => {
  run('start.sh');
  [live, replay] = await Promise.all([createTestDatabase(), createTestDatabase()]);
});
afterAll(async () => {
  await Promise.all([live?.drop(), replay?.drop()]);
  run('stop.sh');
  rmSync(broker.KAFKA_STATE_DIR, { recursive: true, force: true });
});

const device = { model: 'A100-80GB', memoryMiB: 81_920 };

describe('the Kafka transport across a broker restart (real broker)', () => {
  it('loses nothing while events keep flowing: the read models from Kafka equal a replay of the Postgres log', async () => {
    const settings = { ...testKafkaSettings({ node: 3, deployment: 3, model: 1 }), brokers: [`127.0.0.1:${broker.KAFKA_PORT}`] };
    const bus = new KafkaEventBus(settings, { logLevel: logLevel.NOTHING });
    const store = new PostgresEventStore(live.pool);
    const relay = new OutboxRelay(store, bus, { batchSize: 50, pollIntervalMs: 50 });
    const projector = new KafkaReadModelProjector(live.pool, bus);
    await relay.start();
    await projector.start();
    const cluster = new TestCluster(store);
    let written = 0;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        const name = `gpu-${written}`;
        await cluster.registerNode({ name, zone: 'zone-a', cpuMilli: 64_000, memoryMiB: 524_288, devices: [device, device] });
        if (written % 3 === 0) await cluster.node({ type: 'CordonNode', data: { name } });
        written += 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    try {
      await eventually(() => written >= 20, 60_000, 'events flowing before the restart');
      run('stop.sh');
      const duringOutage = written;
      await eventually(() => written >= duringOutage + 20, 60_000, 'events written while the broker is down');
      // Those events are in the log but not yet acknowledged by any broker.
      expect(compareCheckpoints(relay.checkpoint, cluster.checkpoint)).toBeLessThan(0);
      run('start.sh');
      await eventually(() => written >= duringOutage + 60, 60_000, 'events flowing after the restart');
      writing = false;
      await writer;

      await relay.waitFor(cluster.checkpoint, 120_000);
      await rebuildReadModels(replay.pool, { source: live.pool, batchSize: 100 });
      const expected = await snapshotReadModels(replay.pool);
      await eventually(async () => isDeepStrictEqual(await snapshotReadModels(live.pool), expected), 120_000, 'read models from Kafka equal the replay');
      expect((expected['read.nodes'] ?? []).length).toBe(written);
    } finally {
      writing = false;
      await writer.catch(() => undefined);
      await projector.stop();
      await relay.stop();
      await bus.close();
    }
  });
});
