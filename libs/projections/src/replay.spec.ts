import { PostgresEventStore } from '@keel/event-store';
import { clusterAt } from '@keel/history';
import { seedClusterLog } from '@keel/read-models';
import { createTestDatabase, type TestDatabase } from '@keel/testing';
import { readBuild } from './bookkeeping';
import { READ_MODELS_PROJECTION } from './catalogue';
import { replayInto } from './replay';
import { snapshotSchema } from './testing/schema-snapshot';
import { visibleHead } from './testing/visible-head';

const SMALL = { batchSize: 100, chunkEvents: 300, readAhead: 2 };
const PARAMETERS = { parameters: { into: '--into', until: '--until' } };

describe('replayInto (a forensic copy of the read models up to a moment)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let seeded: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.pool, { notify: false });
    seeded = await seedClusterLog(store, { events: 1500, nodes: 3 });
    await visibleHead(store, seeded);
  });
  afterAll(() => db.drop());

  it('projects the log up to a position into a new schema, as the cluster was then', async () => {
    const report = await replayInto(db.pool, READ_MODELS_PROJECTION, 'forensic_a', { kind: 'position', position: 700 }, { ...SMALL, ...PARAMETERS });
    expect(report).toMatchObject({ schema: 'forensic_a', events: 700, resumedFrom: null });
    expect(report.checkpoint).toMatch(/:700$/);
    const copy = await snapshotSchema(db.pool, 'forensic_a');
    const picture = await clusterAt(store, { kind: 'position', position: 700 });
    const pods = copy['pods'] as { deployment: string; name: string; phase: string; node: string | null }[];
    expect(pods.map((p) => [p.name, p.phase, p.node])).toEqual(picture.pods.map((p) => [p.name, p.phase, p.node ?? null]));
    expect((copy['nodes'] as unknown[]).length).toBe(picture.nodes.length);
    const { rows } = await db.pool.query<{ comment: string }>(`SELECT obj_description('forensic_a'::regnamespace) AS comment`);
    expect(rows[0]!.comment).toContain('keel replay of read-models until checkpoint');
    expect(await readBuild(db.pool, 'forensic_a')).toBeUndefined();
  });

  it('replays up to a time: everything recorded at or before it', async () => {
    const report = await replayInto(db.pool, READ_MODELS_PROJECTION, 'forensic_b', { kind: 'time', time: new Date(Date.now() + 60_000) }, SMALL);
    expect(report.events).toBe(seeded);
    expect(report.until).toMatch(/^time \d{4}-/);
    const before = await replayInto(db.pool, READ_MODELS_PROJECTION, 'forensic_c', { kind: 'time', time: new Date('2000-01-01T00:00:00Z') }, SMALL);
    expect(before).toMatchObject({ events: 0, checkpoint: '0:0' });
  });

  it('resumes an interrupted replay with the same --until and refuses another one into that schema', async () => {
    let chunks = 0;
    const crash = replayInto(db.pool, READ_MODELS_PROJECTION, 'forensic_d', { kind: 'position', position: 1200 }, {
      ...SMALL, onProgress: (p) => { if (p.committed && ++chunks === 2) throw new Error('killed'); },
    });
    await expect(crash).rejects.toThrow('killed');
    await expect(replayInto(db.pool, READ_MODELS_PROJECTION, 'forensic_d', { kind: 'position', position: 900 }, { ...SMALL, ...PARAMETERS }))
      .rejects.toThrow(/^--into: schema "forensic_d" holds an unfinished replay until checkpoint \d+:1200/);
    const resumed = await replayInto(db.pool, READ_MODELS_PROJECTION, 'forensic_d', { kind: 'position', position: 1200 }, SMALL);
    expect(resumed.resumedFrom).not.toBeNull();
    expect(resumed.events).toBe(1200);
    const fresh = await replayInto(db.pool, READ_MODELS_PROJECTION, 'forensic_e', { kind: 'position', position: 1200 }, SMALL);
    expect(await snapshotSchema(db.pool, 'forensic_d')).toEqual(await snapshotSchema(db.pool, 'forensic_e'));
    expect(fresh.resumedFrom).toBeNull();
  });

  it.each([
    ['read', /^--into: schema "read" holds the live read-models tables/],
    ['es', /^--into: schema "es" is reserved/],
    ['projections', /^--into: schema "projections" is reserved/],
    ['read_rebuild', /^--into: schema "read_rebuild" is used by keel projections/],
    ['Bad-Name', /^--into: "Bad-Name" must be a lower-case SQL identifier/],
    ['forensic_a', /^--into: schema "forensic_a" already exists and is not empty/],
  ])('refuses --into %s with an error naming the option, and changes nothing', async (schema, message) => {
    const { rows: before } = await db.pool.query(`SELECT nspname FROM pg_namespace ORDER BY 1`);
    await expect(replayInto(db.pool, READ_MODELS_PROJECTION, schema, { kind: 'position', position: 10 }, { ...SMALL, ...PARAMETERS })).rejects.toThrow(message);
    const { rows: after } = await db.pool.query(`SELECT nspname FROM pg_namespace ORDER BY 1`);
    expect(after).toEqual(before);
  });

  it('accepts an existing empty schema', async () => {
    await db.pool.query('CREATE SCHEMA forensic_empty');
    const report = await replayInto(db.pool, READ_MODELS_PROJECTION, 'forensic_empty', { kind: 'position', position: 50 }, SMALL);
    expect(report.events).toBe(50);
  });
});
