import { compareCheckpoints, PostgresEventStore } from '@keel/event-store';
import { ReadModelProjector, seedClusterLog } from '@keel/read-models';
import { createTestDatabase, type TestDatabase } from '@keel/testing';
import { readBuild } from './bookkeeping';
import { READ_MODELS_PROJECTION } from './catalogue';
import { shadowSchema } from './schema-names';
import { NodeWriter } from './testing/node-writer';
import { visibleHead } from './testing/visible-head';
import { verifyProjection } from './verify';

const SMALL = { batchSize: 200, chunkEvents: 500, readAhead: 2 };

describe('verifyProjection (shadow rebuild compared with the live tables at the same checkpoint)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let projector: ReadModelProjector;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.pool, { notify: false });
    const seeded = await seedClusterLog(store, { events: 2000, nodes: 4 });
    await visibleHead(store, seeded);
    projector = new ReadModelProjector(store, { listen: false, pollIntervalMs: 10, batchSize: 50 });
    await projector.start();
    await projector.waitFor(await store.headCheckpoint(), 20_000);
  });
  afterAll(async () => {
    await projector.stop();
    await db.drop();
  });

  it('finds the live tables equal to a rebuild while the projector keeps up with new writes', async () => {
    const writer = new NodeWriter(store);
    await writer.start();
    const report = await verifyProjection(db.pool, READ_MODELS_PROJECTION, SMALL);
    await writer.stop();
    expect(report.equal).toBe(true);
    expect(report.differences).toEqual([]);
    expect(report.events).toBeGreaterThanOrEqual(2000);
    expect(report.tables.map((t) => [t.table, t.differentRows])).toEqual([
      ['read.nodes', 0], ['read.gpu_devices', 0], ['read.pod_allocations', 0], ['read.models', 0], ['read.deployments', 0], ['read.pods', 0],
    ]);
    expect(report.tables.find((t) => t.table === 'read.nodes')).toMatchObject({ liveRows: 5, rebuiltRows: 5 });
    expect(compareCheckpoints(report.checkpoint, '0:0')).toBeGreaterThan(0);
    expect(await readBuild(db.pool, shadowSchema(READ_MODELS_PROJECTION))).toBeUndefined();
    const { rowCount } = await db.pool.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'read_verify'`);
    expect(rowCount).toBe(0);
  });

  it('reports each corrupted live row: the changed column, the missing row and the extra row, live vs rebuilt', async () => {
    await projector.waitFor(await store.headCheckpoint(), 20_000);
    const { rows } = await db.pool.query<{ cpu: number }>(`SELECT allocated_cpu_milli AS cpu FROM read.nodes WHERE name = 'n1'`);
    await db.pool.query(`UPDATE read.nodes SET allocated_cpu_milli = 4242 WHERE name = 'n1'`);
    await db.pool.query(`DELETE FROM read.deployments WHERE name = 'd2-0'`);
    await db.pool.query(`INSERT INTO read.models SELECT 'ghost', display_name, parameters_billions, dtype, layers, attention_heads, kv_heads, head_dim,
      max_context, architecture, deprecated, deprecation_reason, version, position, updated_at FROM read.models LIMIT 1`);

    const report = await verifyProjection(db.pool, READ_MODELS_PROJECTION, SMALL);

    expect(report.equal).toBe(false);
    expect(report.differences).toEqual([
      { table: 'read.nodes', key: { name: 'n1' }, column: 'allocated_cpu_milli', live: 4242, rebuilt: rows[0]!.cpu },
      { table: 'read.models', key: { name: 'ghost' }, column: null, live: expect.objectContaining({ name: 'ghost' }), rebuilt: undefined },
      { table: 'read.deployments', key: { name: 'd2-0' }, column: null, live: undefined, rebuilt: expect.objectContaining({ name: 'd2-0', model: 'mistral-7b' }) },
    ]);
    expect(report.tables.filter((t) => t.differentRows > 0).map((t) => t.table)).toEqual(['read.nodes', 'read.models', 'read.deployments']);
    const { rows: still } = await db.pool.query(`SELECT 1 FROM read.models WHERE name = 'ghost'`);
    expect(still).toHaveLength(1);
  });
});
