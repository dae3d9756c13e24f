import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PostgresEventStore } from '@keel/event-store';
import { waitForCheckpoint } from '@keel/history';
import { ReadModelProjector, seedClusterLog } from '@keel/read-models';
import { createTestDatabase, type TestDatabase } from '@keel/testing';
import { REPO_ROOT, UsageError } from '../config';
import { lineProgress } from '../projections/progress';
import { runProjectionsList, runProjectionsRebuild, runProjectionsStatus, runProjectionsVerify } from './projections.command';
import { runReplay } from './replay.command';

const run = promisify(execFile);

/** The real binary, as the CircleCI orb calls it: exit code, stdout and stderr. */
async function keel(db: TestDatabase, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, DATABASE_URL: db.url };
  return run(process.execPath, [join(REPO_ROOT, 'bin', 'keel.js'), ...args], { env, cwd: REPO_ROOT }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

async function usage(work: Promise<unknown>, pattern: RegExp): Promise<void> {
  const error = await work.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UsageError);
  expect((error as UsageError).message).toMatch(pattern);
}

describe('keel projections / keel replay (on a real Postgres with a running projector)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let projector: ReadModelProjector;
  const lines: string[] = [];
  const print = (line: string) => lines.push(line);

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.pool, { notify: false });
    await seedClusterLog(store, { events: 2000, nodes: 4 });
    // Every seeded event visible (a transaction elsewhere on the server can hold the horizon back for a while).
    const { rows } = await db.pool.query<{ last: string }>(`SELECT transaction_id::text || ':' || global_position AS last FROM es.events ORDER BY global_position DESC LIMIT 1`);
    expect(await waitForCheckpoint(store, rows[0]!.last, 30_000)).toBe(true);
    projector = new ReadModelProjector(store, { listen: false, pollIntervalMs: 10, batchSize: 100 });
    await projector.start();
    await projector.waitFor(await store.headCheckpoint(), 20_000);
  });
  beforeEach(() => lines.splice(0));
  afterAll(async () => {
    await projector.stop();
    await db.drop();
  });

  it('keel projections list prints state, versions, checkpoint and lag; --json the same as data', async () => {
    const [status] = await runProjectionsList(db.pool, {}, print);
    const [header, row] = lines[0]!.split('\n');
    expect(header).toMatch(/^NAME\s+STATE\s+VERSION\s+STORED\s+CHECKPOINT\s+LAG EVENTS\s+LAG AGE$/);
    expect(row).toMatch(new RegExp(`^read-models\\s+live\\s+1\\s+1\\s+${status!.checkpoint}\\s+0\\s+0 s$`));
    lines.splice(0);
    await runProjectionsList(db.pool, { json: true }, print);
    expect(JSON.parse(lines[0]!)).toEqual([expect.objectContaining({ name: 'read-models', state: 'live', codeVersion: 1, storedVersion: 1, lag: { events: 0, seconds: 0 } })]);
  });

  it('keel projections status shows one projection in detail and refuses an unknown name', async () => {
    await runProjectionsStatus(db.pool, 'read-models', {}, print);
    expect(lines[0]).toMatch(/^read-models: nodes, GPU devices/);
    expect(lines.join('\n')).toMatch(/state\s+live\n\s+version\s+code 1, live tables 1/);
    expect(lines.join('\n')).toMatch(/tables\s+read\.deployments 8, read\.gpu_devices 32, read\.models 1, read\.nodes 4/);
    await usage(runProjectionsStatus(db.pool, 'nope', {}, print), /^unknown projection "nope"; known: read-models$/);
  });

  it('keel projections rebuild --all swaps in rebuilt tables, with progress lines and a summary', async () => {
    const before = await db.pool.query('SELECT to_jsonb(n) FROM read.nodes n ORDER BY name');
    const progress: string[] = [];
    const [report] = await runProjectionsRebuild(db.pool, [], { all: true, batchSize: 250, chunkEvents: 500, progress: lineProgress((line) => progress.push(line), 0) }, print);
    expect(report!.events).toBeGreaterThanOrEqual(2000);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toMatch(/^read-models → read_rebuild: [\d,]+ \/ [\d,]+ events \(100%\), [\d,]+ events\/s, ETA/);
    expect(lines.at(-1)).toMatch(/^read-models: rebuilt [\d,]+ events, [\d,]+ events\/s over [\d.]+ s; version 1 → 1; swap held the tables \d+ ms; live from checkpoint \d+:\d+$/);
    expect((await db.pool.query('SELECT to_jsonb(n) FROM read.nodes n ORDER BY name')).rows).toEqual(before.rows);
  });

  it('keel projections rebuild --changed rebuilds nothing when every projection is at its code version', async () => {
    expect(await runProjectionsRebuild(db.pool, [], { changed: true }, print)).toEqual([]);
    expect(lines).toEqual(['nothing to rebuild: every projection is at its code version']);
  });

  it('keel projections rebuild refuses a missing, ambiguous or unknown selection with a usage error', async () => {
    await usage(runProjectionsRebuild(db.pool, [], {}, print), /^name the projections to rebuild \(read-models\), or pass --all or --changed$/);
    await usage(runProjectionsRebuild(db.pool, ['read-models'], { all: true }, print), /only one of them/);
    await usage(runProjectionsRebuild(db.pool, [], { all: true, changed: true }, print), /only one of them/);
    await usage(runProjectionsRebuild(db.pool, ['nodes'], {}, print), /^unknown projection "nodes"/);
  });

  it('keel replay --until --into makes a forensic copy and refuses a live schema naming the option', async () => {
    const report = await runReplay(db.pool, { until: '500', into: 'incident_42' }, print);
    expect(report.events).toBe(500);
    expect(lines[0]).toMatch(/^replayed 500 events into schema incident_42 \(until checkpoint \d+:500, checkpoint \d+:500\); e\.g\. SELECT \* FROM incident_42\.nodes$/);
    await usage(runReplay(db.pool, { until: '500', into: 'read' }, print), /^--into: schema "read" holds the live read-models tables/);
    await usage(runReplay(db.pool, { until: '500', into: 'incident_42' }, print), /^--into: schema "incident_42" already exists and is not empty/);
    await usage(runReplay(db.pool, { into: 'x' }, print), /^--until: is required/);
    await usage(runReplay(db.pool, { until: 'yesterday', into: 'x' }, print), /^--until: "yesterday" must be/);
    await usage(runReplay(db.pool, { until: '5' }, print), /^--into: is required/);
  });

  it('keel projections verify prints one line when equal, and the drift (table, key, column, live vs rebuilt) when a row was corrupted', async () => {
    const [equal] = await runProjectionsVerify(db.pool, [], {}, print);
    expect(equal!.equal).toBe(true);
    expect(lines).toEqual([expect.stringMatching(/^read-models: equal — [\d,]+ rows in 6 tables match a rebuild from [\d,]+ events at checkpoint \d+:\d+$/)]);
    lines.splice(0);

    const { rows } = await db.pool.query<{ cpu: number }>(`SELECT allocated_cpu_milli AS cpu FROM read.nodes WHERE name = 'n1'`);
    await db.pool.query(`UPDATE read.nodes SET allocated_cpu_milli = 4242 WHERE name = 'n1'`);
    const [drift] = await runProjectionsVerify(db.pool, ['read-models'], {}, print);
    expect(drift!.equal).toBe(false);
    expect(lines[0]).toMatch(/^read-models: DRIFT — 1 rows differ at checkpoint \d+:\d+ \(read\.nodes 1\)$/);
    expect(lines[1]).toMatch(new RegExp(`^TABLE\\s+KEY\\s+COLUMN\\s+LIVE\\s+REBUILT\\nread\\.nodes\\s+name=n1\\s+allocated_cpu_milli\\s+4242\\s+${rows[0]!.cpu}$`));

    // The binary the orb calls: exit code 1 and the diff on drift, 2 on usage errors, 0 when there is nothing to do.
    const verify = await keel(db, 'projections', 'verify');
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(/read\.nodes\s+name=n1\s+allocated_cpu_milli\s+4242/);
    const bad = await keel(db, 'projections', 'rebuild');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/error: name the projections to rebuild/);
    const replay = await keel(db, 'replay', '--until', '10', '--into', 'es');
    expect(replay.code).toBe(2);
    expect(replay.stderr).toMatch(/error: --into: schema "es" is reserved/);
    const changed = await keel(db, 'projections', 'rebuild', '--changed');
    expect(changed).toMatchObject({ code: 0, stdout: 'nothing to rebuild: every projection is at its code version\n' });

    // A rebuild repairs the drift.
    const repaired = await keel(db, 'projections', 'rebuild', 'read-models');
    expect(repaired.code).toBe(0);
    expect(repaired.stderr).toMatch(/read-models → read_rebuild: [\d,]+ \/ [\d,]+ events/);
    expect((await keel(db, 'projections', 'verify')).code).toBe(0);
  });
});
