import { PostgresEventStore } from '@keel/event-store';
import { ReadModelProjector, seedClusterLog } from '@keel/read-models';
import { createTestDatabase, type TestDatabase } from '@keel/testing';
import { READ_MODELS_PROJECTION } from './catalogue';
import { rebuildProjection } from './rebuild';
import { detailedStatuses, projectionStatuses } from './status';
import { visibleHead } from './testing/visible-head';

describe('projection status (versions, checkpoint, lag, state)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let seeded: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.pool, { notify: false });
    seeded = await seedClusterLog(store, { events: 1000, nodes: 3 });
    await visibleHead(store, seeded);
  });
  afterAll(() => db.drop());

  it('shows a projector that never ran as live at version 1 but every event behind', async () => {
    const [status] = await projectionStatuses(db.pool, [READ_MODELS_PROJECTION]);
    expect(status).toMatchObject({
      name: 'read-models', schema: 'read', subscription: 'read-models', state: 'live', codeVersion: 1, storedVersion: 1,
      checkpoint: '0:0', lag: { events: seeded }, activeInstance: null, builds: [],
    });
    expect(status!.lag.seconds).toBeGreaterThan(0);
    expect(status!.head).toMatch(new RegExp(`:${seeded}$`));
  });

  it('shows no lag and the active instance once the projector caught up, with row counts in detail', async () => {
    const projector = new ReadModelProjector(store, { listen: false, pollIntervalMs: 10, batchSize: 200 });
    await projector.start();
    try {
      await projector.waitFor(await store.headCheckpoint(), 20_000);
      const [status] = await detailedStatuses(db.pool, [READ_MODELS_PROJECTION]);
      expect(status).toMatchObject({ state: 'live', checkpoint: status!.head, lag: { events: 0, seconds: 0 } });
      expect(status!.activeInstance).toEqual(expect.any(String));
      expect(status!.tables).toEqual(expect.arrayContaining([{ table: 'read.nodes', rows: 3 }, { table: 'read.models', rows: 1 }, { table: 'read.gpu_devices', rows: 24 }]));
    } finally {
      await projector.stop();
    }
  });

  it('shows an interrupted rebuild as rebuilding, and a changed code version as needs-rebuild', async () => {
    const crash = rebuildProjection(db.pool, READ_MODELS_PROJECTION, { batchSize: 100, chunkEvents: 200, onProgress: (p) => { if (p.committed) throw new Error('killed'); } });
    await expect(crash).rejects.toThrow('killed');
    const [rebuilding] = await projectionStatuses(db.pool, [READ_MODELS_PROJECTION]);
    expect(rebuilding).toMatchObject({ state: 'rebuilding', builds: [{ targetSchema: 'read_rebuild', purpose: 'rebuild', version: 1 }] });
    expect(rebuilding!.builds[0]!.events).toBeGreaterThanOrEqual(200);

    await rebuildProjection(db.pool, READ_MODELS_PROJECTION);
    const [bumped] = await projectionStatuses(db.pool, [{ ...READ_MODELS_PROJECTION, version: 2 }]);
    expect(bumped).toMatchObject({ state: 'needs-rebuild', codeVersion: 2, storedVersion: 1, builds: [] });
    expect(bumped!.rebuiltAt).toBeInstanceOf(Date);
  });
});
