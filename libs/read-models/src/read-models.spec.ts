import { PostgresEventStore } from '@keel/event-store';
import { createTestDatabase, type TestDatabase } from '@keel/testing';
import { projectEvents } from './projection/project-events';
import { ReadModelProjector } from './read-model-projector';
import { rebuildReadModels } from './rebuild';
import { mistral7b, mistralSpec, runScenario, scenarioNodes } from './testing/scenario';
import { snapshotReadModels } from './testing/snapshot';
import { TestCluster } from './testing/test-cluster';

let live: TestDatabase;
let store: PostgresEventStore;
let projector: ReadModelProjector;
let cluster: TestCluster;

beforeAll(async () => {
  live = await createTestDatabase();
  store = new PostgresEventStore(live.pool);
  projector = new ReadModelProjector(store, { pollIntervalMs: 20, batchSize: 7 });
  await projector.start();
  cluster = new TestCluster(store);
  await runScenario(cluster);
  await projector.waitFor(cluster.checkpoint, 10_000);
});
afterAll(async () => {
  await projector.stop();
  await live.drop();
});

async function inTransaction(work: (tx: import('pg').PoolClient) => Promise<void>): Promise<void> {
  const tx = await live.pool.connect();
  try {
    await tx.query('BEGIN');
    await work(tx);
    await tx.query('COMMIT');
  } finally {
    tx.release();
  }
}

describe('read models built live by the projector', () => {
  it('show the cluster the scenario left behind', async () => {
    const snapshot = await snapshotReadModels(live.pool);
    const pods = snapshot['read.pods'] as { name: string; phase: string; node: string | null; pending_reason: string | null }[];
    expect(pods.map((p) => [p.name, p.phase, p.node])).toEqual([
      ['llama-0', 'Bound', 'gpu-node-03'],
      ['llama-1', 'Bound', 'gpu-node-02'],
      ['llama-2', 'Pending', null],
      ['mistral-0', 'Bound', 'gpu-node-02'],
      ['mistral-1', 'Pending', null],
    ]);
    expect(pods.find((p) => p.name === 'mistral-1')?.pending_reason).toBe('evicted from gpu-node-01: drained');
    const allocations = snapshot['read.pod_allocations'] as { node: string; pod: string }[];
    expect(allocations.map((a) => `${a.node}/${a.pod}`)).toEqual(['gpu-node-02/llama-1', 'gpu-node-02/mistral-0', 'gpu-node-03/llama-0']);
  });

  it('equal, row by row, the read models rebuilt from the log into a separate database', async () => {
    const rebuilt = await createTestDatabase();
    try {
      const result = await rebuildReadModels(rebuilt.pool, { source: live.pool, batchSize: 5 });
      expect(result.checkpoint).toBe(cluster.checkpoint);
      expect(await snapshotReadModels(rebuilt.pool)).toEqual(await snapshotReadModels(live.pool));
    } finally {
      await rebuilt.drop();
    }
  });

  it('equal the read models rebuilt in place, event by event and in one batch', async () => {
    const before = await snapshotReadModels(live.pool);
    const { events } = await rebuildReadModels(live.pool, { batchSize: 1 });
    expect(events).toBeGreaterThan(40);
    expect(await snapshotReadModels(live.pool)).toEqual(before);
    await rebuildReadModels(live.pool, { batchSize: 10_000 });
    expect(await snapshotReadModels(live.pool)).toEqual(before);
  });

  it('do not change when a batch, or the whole log, is delivered again', async () => {
    const before = await snapshotReadModels(live.pool);
    const { events } = await store.readAll('0:0', 10_000);
    await inTransaction((tx) => projectEvents(events.slice(10, 30), tx));
    await inTransaction((tx) => projectEvents(events, tx));
    for (const event of events.slice(-5)) await inTransaction((tx) => projectEvents([event], tx));
    expect(await snapshotReadModels(live.pool)).toEqual(before);
  });

  it('skip events of unknown types and streams', async () => {
    const before = await snapshotReadModels(live.pool);
    const appended = await store.appendToStream('scheduler-main', [{ type: 'SchedulerCycle', data: {} }]);
    await store.appendToStream('node-gpu-node-01', [{ type: 'NodeRebooted', data: { name: 'gpu-node-01' } }]);
    const last = await store.appendToStream('deployment-llama', [{ type: 'DeploymentAnnotated', data: {} }]);
    await projector.waitFor(last.checkpoint, 5000);
    expect(appended.replayed).toBe(false);
    const after = await snapshotReadModels(live.pool);
    const versionOf = (table: string, name: string) => (after[table] as { name: string; version: number }[]).find((r) => r.name === name)?.version;
    expect(after['read.pods']).toEqual(before['read.pods']);
    expect(versionOf('read.nodes', 'gpu-node-01')).toBe((before['read.nodes'] as { name: string; version: number }[]).find((r) => r.name === 'gpu-node-01')?.version);
  });
});

describe('same-named pods of two deployments on one node', () => {
  it('keeps both allocations, and a release frees only its own deployment\'s pod', async () => {
    const db = await createTestDatabase();
    const own = new PostgresEventStore(db.pool);
    const ownProjector = new ReadModelProjector(own, { pollIntervalMs: 20 });
    try {
      const two = new TestCluster(own);
      await two.registerModel(mistral7b);
      await two.registerNode(scenarioNodes[0]!);
      const wholeGpu = { ...mistralSpec.template, gpuMilli: undefined, gpuMemoryMiB: undefined, gpusPerReplica: 2, pipelineParallel: 2 };
      // `m` replica 1 stage 1 and `m-1` replica 1 are both named m-1-1 (LeaderWorkerSet naming).
      await two.createDeployment('m', 2, { ...mistralSpec, template: wholeGpu });
      await two.createDeployment('m-1', 2, mistralSpec);
      await two.bind('m', 'm-1-1', 'gpu-node-01', 'A100-80GB', [{ index: 0, milli: 1000, memoryMiB: 81_920 }]);
      await two.bind('m-1', 'm-1-1', 'gpu-node-01', 'A100-80GB', [{ index: 1, milli: 500, memoryMiB: 20_480 }]);
      await ownProjector.start();
      await ownProjector.waitFor(two.checkpoint, 10_000);
      const allocations = async () =>
        (await db.pool.query<{ deployment: string; pod: string }>("SELECT deployment, pod FROM read.pod_allocations WHERE node = 'gpu-node-01' ORDER BY deployment")).rows;
      expect(await allocations()).toEqual([{ deployment: 'm', pod: 'm-1-1' }, { deployment: 'm-1', pod: 'm-1-1' }]);

      await two.scale('m-1', 1);
      await ownProjector.waitFor(two.checkpoint, 10_000);
      expect(await allocations()).toEqual([{ deployment: 'm', pod: 'm-1-1' }]);
      const devices = await db.pool.query<{ device_index: number; allocated_milli: number }>(
        "SELECT device_index, allocated_milli FROM read.gpu_devices WHERE node = 'gpu-node-01' AND device_index < 2 ORDER BY device_index",
      );
      expect(devices.rows).toEqual([{ device_index: 0, allocated_milli: 1000 }, { device_index: 1, allocated_milli: 0 }]);
    } finally {
      await ownProjector.stop();
      await db.drop();
    }
  });
});
