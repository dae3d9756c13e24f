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

/** One measured rebuild: the CLI's `projections rebuild --all` while this process offers a read load. */
export interface LoadedRebuild {
  /** Read-model queries per second offered (TypeORM, 4 paced loops). */
  readonly offeredQueriesPerSec: number;
  /** Blue/green rebuild of every projection (`keel projections rebuild --all` in its own process), start to swapped. */
  readonly eventsPerSec: number;
  readonly rebuildMs: number;
  readonly swapLockedMs: number;
  /** Queries answered from the rebuild's start (CLI start-up included) to its end, and their latency. */
  readonly queriesAnswered: number;
  readonly queryErrors: number;
  readonly queriesPerSec: number;
  readonly queryP50Ms: number;
  readonly queryP99Ms: number;
  readonly queryMaxMs: number;
  /** Events appended meanwhile; the live projector had projected all of them afterwards. */
  readonly appendsDuringRebuild: number;
}

/** Result printed by `keel bench projections --json`: the headline fields are the rebuild under 100 queries/s. */
export interface ProjectionsBenchResult extends LoadedRebuild {
  /** Events in the log the rebuilds replayed. */
  readonly events: number;
  /** The same rebuild in this process before the projector and the load started (it also fills the live tables). */
  readonly quietEventsPerSec: number;
  /** Another rebuild under 400 queries/s. */
  readonly heavierLoad: LoadedRebuild;
  /** `keel projections verify` at the end: live tables equal a rebuild at the same checkpoint. */
  readonly verifiedEqual: boolean;
  readonly verifyMs: number;
  readonly seedMs: number;
  readonly quick: boolean;
  readonly at: string;
}

const QUERY_LOOPS = 4;
/** Offered read loads: an API serving dashboards, then a busy one. */
const LOADS = [100, 400] as const;
const NODES = 500;

/** Read-model queries from `QUERY_LOOPS` loops paced to `perSec` in all, until stopped: latency of each, errors counted. */
class QueryLoad {
  readonly latenciesMs: number[] = [];
  errors = 0;
  /** How long the load ran (ms). */
  durationMs = 0;
  private running = true;
  private loops: Promise<void>[] = [];
  private began = 0;

  constructor(
    private readonly queries: ReadModelQueries,
    private readonly perSec: number,
  ) {}

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
    const intervalMs = (1000 * QUERY_LOOPS) / this.perSec;
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

interface LiveSide {
  readonly store: PostgresEventStore;
  readonly projector: ReadModelProjector;
  readonly queries: ReadModelQueries;
}

async function rebuildUnderLoad(options: ProjectionsBenchOptions, databaseUrl: string, live: LiveSide, perSec: number, log: (line: string) => void): Promise<LoadedRebuild> {
  const load = new QueryLoad(live.queries, perSec);
  let writing = true;
  const writes = writeUntil(live.store, () => !writing);
  load.start();
  const rebuild = await rebuildWithCli(options.repoRoot, databaseUrl, log);
  await load.stop();
  writing = false;
  const appended = await writes;
  log(`rebuild under ${perSec} queries/s: ${rebuild.eventsPerSec} events/s, ${load.latenciesMs.length} queries answered (${load.errors} errors), ${appended} appends`);
  await live.projector.waitFor(await live.store.headCheckpoint(), 30_000);
  const ms = (n: number) => Math.round(n * 10) / 10;
  return {
    offeredQueriesPerSec: perSec, eventsPerSec: rebuild.eventsPerSec, rebuildMs: Math.round(rebuild.durationMs), swapLockedMs: ms(rebuild.swapLockedMs),
    queriesAnswered: load.latenciesMs.length, queryErrors: load.errors, queriesPerSec: Math.round(load.latenciesMs.length / (load.durationMs / 1000)),
    queryP50Ms: ms(percentile(load.latenciesMs, 50)), queryP99Ms: ms(percentile(load.latenciesMs, 99)),
    queryMaxMs: ms(load.latenciesMs.reduce((a, b) => Math.max(a, b), 0)), appendsDuringRebuild: appended,
  };
}

/**
 * `keel projections rebuild --all` (the CLI, in its own process) over a realistic log (1M events; 100k
 * quick) while this process runs the live projector, a writer and read-model queries at 100 and then
 * 400 queries/s: rebuild rate, swap lock time, query latency during the rebuild, then `verify` to show
 * the live tables equal a rebuild at the same checkpoint.
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
    const live = { store, projector, queries: new ReadModelQueries(dataSource) };
    const light = await rebuildUnderLoad(options, db.url, live, LOADS[0], log);
    const heavy = await rebuildUnderLoad(options, db.url, live, LOADS[1], log);
    const verify = await verifyProjection(pool, READ_MODELS_PROJECTION);
    log(`verify: ${verify.equal ? 'equal' : 'DRIFT'} in ${Math.round(verify.durationMs)} ms`);
    await projector.stop();
    await dataSource.destroy();
    return {
      events: quiet.events, quietEventsPerSec: quiet.eventsPerSec, ...light, heavierLoad: heavy,
      verifiedEqual: verify.equal, verifyMs: Math.round(verify.durationMs), seedMs: seeded.ms, quick: options.quick, at: new Date().toISOString(),
    };
  } finally {
    await db.drop();
  }
}
