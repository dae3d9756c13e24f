import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { type Pool } from 'pg';
import { PostgresEventStore } from '@keel/event-store';
import { READ_MODELS_PROJECTION, rebuildProjection, type RebuildReport, verifyProjection } from '@keel/projections';
import { createReadModelDataSource, ReadModelProjector, ReadModelQueries, seedClusterLog } from '@keel/read-models';
import { createBenchDatabase } from './bench-database';
import { percentile } from './measure';

/** Options of the projections benchmark. */
export interface ProjectionsBenchOptions {
  readonly serverUrl: string;
  readonly migrationsDir: string;
  /** Repository root: the measured rebuild runs as `node bin/keel.js projections rebuild --all`. */
  readonly repoRoot: string;
  readonly quick: boolean;
  readonly log?: (line: string) => void;
}

/** Result printed by `keel bench projections --json`. */
export interface ProjectionsBenchResult {
  /** Events in the log the rebuild replayed. */
  readonly events: number;
  /** Blue/green rebuild of every projection (`keel projections rebuild --all` in its own process), start to swapped. */
  readonly eventsPerSec: number;
  readonly rebuildMs: number;
  readonly swapLockedMs: number;
  /** The same rebuild in this process before the projector and the load started (it also fills the live tables). */
  readonly quietEventsPerSec: number;
  /** Read-model queries (TypeORM; 4 loops offering 400/s in all) answered from the rebuild's start (CLI start-up included) to its end. */
  readonly queriesAnswered: number;
  readonly queryErrors: number;
  readonly queriesPerSec: number;
  readonly queryP50Ms: number;
  readonly queryP99Ms: number;
  readonly queryMaxMs: number;
  /** Events appended while the rebuild ran; the live projector had projected all of them afterwards. */
  readonly appendsDuringRebuild: number;
  /** `keel projections verify` right after: live tables equal a rebuild at the same checkpoint. */
  readonly verifiedEqual: boolean;
  readonly verifyMs: number;
  readonly seedMs: number;
  readonly quick: boolean;
  readonly at: string;
}

const QUERY_LOOPS = 4;
/** Offered read load: what a busy API might ask of the read models (each loop paced to a quarter of it). */
const QUERIES_PER_SEC = 400;
const NODES = 500;

/** Read-model queries from `QUERY_LOOPS` paced loops until stopped: latency of each, errors counted. */
class QueryLoad {
  readonly latenciesMs: number[] = [];
  errors = 0;
  /** How long the load ran (ms). */
  durationMs = 0;
  private running = true;
  private loops: Promise<void>[] = [];
  private began = 0;

  constructor(private readonly queries: ReadModelQueries) {}

  start(): void {
    this.began = performance.now();
    this.loops = Array.from({ length: QUERY_LOOPS }, (_, loop) => this.loop(loop));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    this.durationMs = performance.now() - this.began;
  }

  private async loop(loop: number): Promise<void> {
    const intervalMs = (1000 * QUERY_LOOPS) / QUERIES_PER_SEC;
    const began = performance.now();
    for (let i = loop, k = 0; this.running; i += QUERY_LOOPS, k++) {
      const due = began + k * intervalMs;
      const now = performance.now();
      if (due > now) await new Promise((resolve) => setTimeout(resolve, due - now));
      const started = performance.now();
      try {
        await this.query(i);
        this.latenciesMs.push(performance.now() - started);
      } catch {
        this.errors += 1;
      }
    }
  }

  private async query(i: number): Promise<void> {
    const n = i % NODES;
    switch (i % 4) {
      case 0:
        if (!(await this.queries.getNode(`n${n}`))) throw new Error(`node n${n} missing`);
        return;
      case 1:
        if (!(await this.queries.getDeployment(`d${n}-${i % 2}`))) throw new Error(`deployment d${n} missing`);
        return;
      case 2:
        await this.queries.listNodes({ limit: 20 });
        return;
      default:
        await this.queries.clusterCapacity();
    }
  }
}

/** Appends cordon/uncordon toggles on a few nodes until stopped (the live projector keeps up meanwhile). */
async function writeUntil(store: PostgresEventStore, stopped: () => boolean): Promise<number> {
  let appended = 0;
  while (!stopped()) {
    const name = `n${appended % 10}`;
    const type = Math.floor(appended / 10) % 2 === 0 ? 'NodeCordoned' : 'NodeUncordoned';
    await store.appendToStream(`node-${name}`, [{ type, data: { name } }]);
    appended += 1;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return appended;
}

/** Runs the CLI's `projections rebuild --all --json` against `databaseUrl`; its progress lines go to `log`. */
function rebuildWithCli(repoRoot: string, databaseUrl: string, log: (line: string) => void): Promise<RebuildReport> {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'keel.js'), 'projections', 'rebuild', '--all', '--json'], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    chunk.toString().split('\n').filter(Boolean).forEach((line) => log(`  ${line}`));
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`keel projections rebuild --all exited with ${code}:\n${stderr}`));
      else resolve((JSON.parse(stdout) as RebuildReport[])[0] as RebuildReport);
    });
  });
}

async function seed(pool: Pool, events: number, log: (line: string) => void): Promise<{ events: number; ms: number }> {
  const started = performance.now();
  log(`seeding a realistic log of ${events} events`);
  const seeded = await seedClusterLog(new PostgresEventStore(pool, { notify: false }), { events, nodes: NODES });
  await pool.query('VACUUM ANALYZE es.events');
  return { events: seeded, ms: Math.round(performance.now() - started) };
}

/**
 * `keel projections rebuild --all` (the CLI, in its own process) over a realistic log (1M events; 100k
 * quick) while this process runs the live projector, a writer and four loops of read-model queries:
 * rebuild rate, swap lock time, query latency during the rebuild, then `verify` to show the live tables
 * equal a rebuild at the same checkpoint.
 */
export async function benchProjections(options: ProjectionsBenchOptions): Promise<ProjectionsBenchResult> {
  const log = options.log ?? (() => undefined);
  const db = await createBenchDatabase(options.serverUrl, options.migrationsDir);
  try {
    const pool = db.pool(8);
    const seeded = await seed(pool, options.quick ? 100_000 : 1_000_000, log);
    const progress = (p: { events: number; total: number; committed: boolean }): void => {
      if (p.committed) log(`  ${p.events} / ${p.total} events`);
    };
    const quiet = await rebuildProjection(pool, READ_MODELS_PROJECTION, { onProgress: progress });
    log(`quiet rebuild: ${quiet.eventsPerSec} events/s`);

    const store = new PostgresEventStore(db.pool(4));
    const projector = new ReadModelProjector(store, { pollIntervalMs: 100 });
    await projector.start();
    const dataSource = await createReadModelDataSource(db.pool(QUERY_LOOPS)).initialize();
    const load = new QueryLoad(new ReadModelQueries(dataSource));
    let writing = true;
    const writes = writeUntil(store, () => !writing);
    load.start();
    const rebuild = await rebuildWithCli(options.repoRoot, db.url, log);
    await load.stop();
    writing = false;
    const appended = await writes;
    log(`rebuild under load: ${rebuild.eventsPerSec} events/s, ${load.latenciesMs.length} queries answered (${load.errors} errors), ${appended} appends`);
    await projector.waitFor(await store.headCheckpoint(), 30_000);
    const verify = await verifyProjection(pool, READ_MODELS_PROJECTION);
    log(`verify: ${verify.equal ? 'equal' : 'DRIFT'} in ${Math.round(verify.durationMs)} ms`);
    await projector.stop();
    await dataSource.destroy();

    const ms = (n: number) => Math.round(n * 10) / 10;
    return {
      events: rebuild.events, eventsPerSec: rebuild.eventsPerSec, rebuildMs: Math.round(rebuild.durationMs), swapLockedMs: ms(rebuild.swapLockedMs),
      quietEventsPerSec: quiet.eventsPerSec, queriesAnswered: load.latenciesMs.length, queryErrors: load.errors,
      queriesPerSec: Math.round(load.latenciesMs.length / (load.durationMs / 1000)), queryP50Ms: ms(percentile(load.latenciesMs, 50)),
      queryP99Ms: ms(percentile(load.latenciesMs, 99)), queryMaxMs: ms(load.latenciesMs.reduce((a, b) => Math.max(a, b), 0)), appendsDuringRebuild: appended,
      verifiedEqual: verify.equal, verifyMs: Math.round(verify.durationMs), seedMs: seeded.ms, quick: options.quick, at: new Date().toISOString(),
    };
  } finally {
    await db.drop();
  }
}
