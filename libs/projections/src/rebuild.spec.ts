import { committedCheckpoint, compareCheckpoints, PostgresEventStore } from '@keel/event-store';
import { rebuildReadModels, seedClusterLog } from '@keel/read-models';
import { createTestDatabase, type TestDatabase } from '@keel/testing';
import { readBuild, storedVersions } from './bookkeeping';
import { lockBuild } from './build-lock';
import { READ_MODELS_PROJECTION } from './catalogue';
import { changedProjections, rebuildProjection } from './rebuild';
import { stagingSchema } from './schema-names';
import { NodeWriter } from './testing/node-writer';
import { RecordingProjector } from './testing/recording-projector';
import { snapshotSchema } from './testing/schema-snapshot';
import { visibleHead } from './testing/visible-head';

const SMALL = { batchSize: 200, chunkEvents: 500, readAhead: 2 };

/** The read models an independent, single-transaction replay of the same log produces. */
async function expectedReadModels(live: TestDatabase): Promise<Record<string, unknown[]>> {
  const oracle = await createTestDatabase();
  try {
    await rebuildReadModels(oracle.pool, { source: live.pool });
    return await snapshotSchema(oracle.pool, 'read');
  } finally {
    await oracle.drop();
  }
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('rebuildProjection (blue/green, on a real Postgres)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeEach(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.pool, { notify: false });
    await visibleHead(store, await seedClusterLog(store, { events: 3000, nodes: 6 }));
  });
  afterEach(() => db.drop());

  it('swaps in rebuilt tables while the projector runs, writes go on and queries are answered: no gap, nothing applied twice', async () => {
    const projector = new RecordingProjector(store);
    await projector.start();
    const head = await store.headCheckpoint();
    await waitUntil(async () => compareCheckpoints(await committedCheckpoint(db.pool, 'read-models'), head) >= 0);
    const writer = new NodeWriter(store);
    await writer.start();
    let answered = 0;
    let querying = true;
    const queries = (async () => {
      while (querying) {
        const { rows } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM read.nodes');
        expect(rows[0]!.n).toBeGreaterThan(0);
        answered += 1;
      }
    })();

    const report = await rebuildProjection(db.pool, READ_MODELS_PROJECTION, SMALL);
    const written = await writer.stop();
    querying = false;
    await queries;
    const { rows: last } = await db.pool.query<{ position: number }>('SELECT max(global_position)::float8 AS position FROM es.events');
    const end = await visibleHead(store, last[0]!.position);
    await waitUntil(async () => compareCheckpoints(await committedCheckpoint(db.pool, 'read-models'), end) >= 0);
    await projector.stop();

    expect(written).toBeGreaterThan(1);
    expect(answered).toBeGreaterThan(0);
    expect(report).toMatchObject({ projection: 'read-models', version: 1, previousVersion: 1, resumedFrom: null });
    expect(report.events).toBeGreaterThanOrEqual(3000);
    expect(await snapshotSchema(db.pool, 'read')).toEqual(await expectedReadModels(db));
    // After the swap the projector applied exactly the events after the rebuilt checkpoint, each once.
    const afterSwap = (await projector.applied()).filter((a) => a.rebuilt === report.checkpoint);
    const { rows: expected } = await db.pool.query<{ position: number }>(
      `SELECT global_position::float8 AS position FROM es.events WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint) ORDER BY global_position`,
      report.checkpoint.split(':'),
    );
    expect(afterSwap.map((a) => a.position)).toEqual(expected.map((e) => e.position));
    expect((await storedVersions(db.pool)).get('read-models')).toMatchObject({ version: 1, rebuiltCheckpoint: report.checkpoint });
    expect(await readBuild(db.pool, stagingSchema(READ_MODELS_PROJECTION))).toBeUndefined();
    const { rows: schemas } = await db.pool.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'read%' ORDER BY 1`);
    expect(schemas.map((s) => s.nspname)).toEqual(['read']);
  });

  it('resumes an interrupted rebuild from its last committed chunk instead of starting over', async () => {
    const before = await snapshotSchema(db.pool, 'read');
    let chunks = 0;
    const crash = rebuildProjection(db.pool, READ_MODELS_PROJECTION, {
      ...SMALL,
      onProgress: (p) => {
        if (p.committed && ++chunks === 2) throw new Error('killed after the second chunk');
      },
    });
    await expect(crash).rejects.toThrow('killed after the second chunk');
    const interrupted = (await readBuild(db.pool, stagingSchema(READ_MODELS_PROJECTION)))!;
    expect(interrupted.events).toBeGreaterThanOrEqual(1000);
    expect(await snapshotSchema(db.pool, 'read')).toEqual(before);

    const resumed = await rebuildProjection(db.pool, READ_MODELS_PROJECTION, SMALL);
    expect(resumed.resumedFrom).toBe(interrupted.checkpoint);
    expect(resumed.appliedEvents).toBe(resumed.events - interrupted.events);
    expect(await snapshotSchema(db.pool, 'read')).toEqual(await expectedReadModels(db));
  });

  it('stops between batches on an abort signal and the next run resumes', async () => {
    const controller = new AbortController();
    const aborted = rebuildProjection(db.pool, READ_MODELS_PROJECTION, { ...SMALL, signal: controller.signal, onProgress: (p) => p.committed && controller.abort() });
    await expect(aborted).rejects.toThrow(/abort/i);
    const interrupted = (await readBuild(db.pool, stagingSchema(READ_MODELS_PROJECTION)))!;
    expect(interrupted.events).toBeGreaterThan(0);
    const resumed = await rebuildProjection(db.pool, READ_MODELS_PROJECTION, SMALL);
    expect(resumed.resumedFrom).toBe(interrupted.checkpoint);
    expect(await snapshotSchema(db.pool, 'read')).toEqual(await expectedReadModels(db));
  });

  it('starts over when a migration changed the live tables since the interrupted rebuild began', async () => {
    const crash = rebuildProjection(db.pool, READ_MODELS_PROJECTION, { ...SMALL, onProgress: (p) => { if (p.committed) throw new Error('killed'); } });
    await expect(crash).rejects.toThrow('killed');
    await db.pool.query(`ALTER TABLE read.models ADD COLUMN note text NOT NULL DEFAULT 'n/a'`);
    const report = await rebuildProjection(db.pool, READ_MODELS_PROJECTION, SMALL);
    expect(report.resumedFrom).toBeNull();
    const { rows } = await db.pool.query<{ note: string }>('SELECT note FROM read.models');
    expect(rows).toEqual([{ note: 'n/a' }]);
  });

  it('with --changed semantics, picks only projections whose code version differs from the stored one', async () => {
    const bumped = { ...READ_MODELS_PROJECTION, version: 2 };
    expect(await changedProjections(db.pool, [READ_MODELS_PROJECTION])).toEqual([]);
    expect(await changedProjections(db.pool, [bumped])).toEqual([bumped]);
    const report = await rebuildProjection(db.pool, bumped, SMALL);
    expect(report).toMatchObject({ version: 2, previousVersion: 1 });
    expect(await changedProjections(db.pool, [bumped])).toEqual([]);
  });

  it('locks the live tables in the order projector batches touch them, so a batch in flight finishes instead of deadlocking', async () => {
    // Long lock waits on this database only, so that only a wait cycle could make the swap give up.
    await db.pool.query(`ALTER DATABASE ${db.name} SET deadlock_timeout = '60s'`);
    const pool = db.newPool();
    // A stand-in for a projector batch: it has read the nodes and will go on to the deployments.
    const batch = await db.pool.connect();
    try {
      await batch.query('BEGIN');
      await batch.query('SELECT 1 FROM read.nodes LIMIT 1');
      const lines: string[] = [];
      const rebuilt = rebuildProjection(pool, READ_MODELS_PROJECTION, { ...SMALL, lockTimeoutMs: 20_000, log: (line) => lines.push(line) });
      await waitUntil(async () => {
        const { rows } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND mode = 'AccessExclusiveLock' AND relation = 'read.nodes'::regclass`);
        return rows[0]!.n > 0;
      });
      await batch.query('SELECT 1 FROM read.deployments LIMIT 1');
      await batch.query('COMMIT');
      await expect(rebuilt).resolves.toMatchObject({ projection: 'read-models' });
      expect(lines.filter((l) => l.includes('trying again'))).toEqual([]);
    } finally {
      batch.release();
    }
  });

  it('refuses to rebuild while a view elsewhere depends on the live tables (a swap would drop it with them), changing nothing', async () => {
    await db.pool.query('CREATE VIEW public.busy_nodes AS SELECT name FROM read.nodes WHERE pod_count > 0');
    await expect(rebuildProjection(db.pool, READ_MODELS_PROJECTION, SMALL)).rejects.toThrow(
      'schema read holds or is used by view public.busy_nodes on nodes: a blue/green copy carries only tables, keys and indexes',
    );
    const { rows } = await db.pool.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'read%' ORDER BY 1`);
    expect(rows.map((r) => r.nspname)).toEqual(['read']);
    expect(await readBuild(db.pool, stagingSchema(READ_MODELS_PROJECTION))).toBeUndefined();
    await db.pool.query('SELECT * FROM public.busy_nodes');
  });

  it('refuses a second rebuild of the same projection while one runs', async () => {
    const held = await lockBuild(db.pool, stagingSchema(READ_MODELS_PROJECTION));
    try {
      await expect(rebuildProjection(db.pool, READ_MODELS_PROJECTION, SMALL)).rejects.toMatchObject({ code: 'Conflict', message: expect.stringMatching(/another keel process is building schema read_rebuild/) });
    } finally {
      await held.release();
    }
  });
});
