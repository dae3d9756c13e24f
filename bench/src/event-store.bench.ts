import { type Pool } from 'pg';
import { PostgresEventStore, START } from '@keel/event-store';
import { createBenchDatabase } from './bench-database';
import { throughput } from './measure';

/** Options of the event-store benchmark. */
export interface EventStoreBenchOptions {
  readonly serverUrl: string;
  readonly migrationsDir: string;
  readonly quick: boolean;
  readonly concurrency?: number;
  readonly log?: (line: string) => void;
}

/** Result printed by `keel bench event-store --json`. */
export interface EventStoreBenchResult {
  readonly concurrency: number;
  readonly appendEventsPerSec: number;
  readonly pgInsertBaselineTps: number;
  readonly appendVsBaseline: number;
  /**
   * The same appends through a store with group commit (concurrent appends share a transaction): not
   * the metric, whose baseline commits every INSERT alone; reported beside it.
   */
  readonly groupCommitAppendEventsPerSec: number;
  readonly groupCommitVsBaseline: number;
  readonly batchAppendEventsPerSec: number;
  readonly readAllEventsPerSec: number;
  readonly readAllEvents: number;
  readonly quick: boolean;
  readonly phaseSeconds: number;
  readonly postgres: string;
  readonly at: string;
}

const payload = { deployment: 'llama-70b', replicas: 3, reason: 'scale up on queue length 7 > 5' };

/**
 * One-event appends (exact expected version, distinct streams) against one-row INSERT transactions at
 * the same concurrency and pool size, measured alternately in the same run (and the same appends with
 * group commit); then 100-event appends; then
 * a full read of the global log (1M events, 100k with `quick`).
 */
export async function benchEventStore(options: EventStoreBenchOptions): Promise<EventStoreBenchResult> {
  const log = options.log ?? (() => undefined);
  const concurrency = options.concurrency ?? 16;
  const phaseMs = options.quick ? 2500 : 8000;
  const totalEvents = options.quick ? 100_000 : 1_000_000;
  const db = await createBenchDatabase(options.serverUrl, options.migrationsDir);
  try {
    const pool = db.pool(concurrency);
    const store = new PostgresEventStore(pool);
    const grouped = new PostgresEventStore(pool, { groupCommit: true });
    await pool.query('CREATE TABLE bench_baseline (id bigserial PRIMARY KEY, data jsonb NOT NULL)');
    const postgres = (await pool.query<{ v: string }>('SELECT current_setting($$server_version$$) AS v')).rows[0]!.v;
    await warmUp(store, pool, concurrency);

    const versions = new Array<number>(concurrency).fill(0);
    const appendOnce = async (w: number): Promise<number> => {
      await store.appendToStream(`bench-single-${w}`, [{ type: 'DeploymentScaled', data: payload }], { expectedVersion: versions[w]! });
      versions[w]! += 1;
      return 1;
    };
    const groupedVersions = new Array<number>(concurrency).fill(0);
    const groupedOnce = async (w: number): Promise<number> => {
      await grouped.appendToStream(`bench-grouped-${w}`, [{ type: 'DeploymentScaled', data: payload }], { expectedVersion: groupedVersions[w]! });
      groupedVersions[w]! += 1;
      return 1;
    };
    const insertOnce = async (): Promise<number> => {
      await pool.query({ name: 'bench_insert', text: 'INSERT INTO bench_baseline (data) VALUES ($1)', values: [JSON.stringify(payload)] });
      return 1;
    };
    const baseline: number[] = [];
    const append: number[] = [];
    const groupedAppend: number[] = [];
    for (let round = 0; round < 2; round++) {
      baseline.push(await throughput(concurrency, phaseMs / 2, insertOnce));
      append.push(await throughput(concurrency, phaseMs / 2, appendOnce));
      groupedAppend.push(await throughput(concurrency, phaseMs / 2, groupedOnce));
      log(`round ${round + 1}: baseline ${baseline[round]} tx/s, append ${append[round]} events/s, group commit ${groupedAppend[round]} events/s`);
    }
    const pgInsertBaselineTps = Math.round(mean(baseline));
    const appendEventsPerSec = Math.round(mean(append));
    const groupCommitAppendEventsPerSec = Math.round(mean(groupedAppend));

    const batch = Array.from({ length: 100 }, () => ({ type: 'PodCreated', data: payload }));
    const batchAppendEventsPerSec = await throughput(concurrency, phaseMs, async (w) => {
      await store.appendToStream(`bench-batch-${w}-${Math.random().toString(36).slice(2)}`, batch, { expectedVersion: 'no_stream' });
      return batch.length;
    });
    log(`batch append ${batchAppendEventsPerSec} events/s`);

    await fill(store, pool, totalEvents, concurrency, log);
    // As autovacuum would after a bulk load; without statistics the planner may sort instead of using the index.
    await pool.query('VACUUM ANALYZE es.events');
    const readAllEventsPerSec = await readEverything(store);
    log(`read all ${readAllEventsPerSec.rate} events/s`);
    return {
      concurrency,
      appendEventsPerSec,
      pgInsertBaselineTps,
      appendVsBaseline: round2(appendEventsPerSec / pgInsertBaselineTps),
      groupCommitAppendEventsPerSec,
      groupCommitVsBaseline: round2(groupCommitAppendEventsPerSec / pgInsertBaselineTps),
      batchAppendEventsPerSec,
      readAllEventsPerSec: readAllEventsPerSec.rate,
      readAllEvents: readAllEventsPerSec.events,
      quick: options.quick,
      phaseSeconds: phaseMs / 1000,
      postgres,
      at: new Date().toISOString(),
    };
  } finally {
    await db.drop();
  }
}

async function warmUp(store: PostgresEventStore, pool: Pool, concurrency: number): Promise<void> {
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      await store.appendToStream(`bench-warm-${w}`, [{ type: 'Warm', data: {} }]);
      await pool.query('INSERT INTO bench_baseline (data) VALUES ($1)', ['{}']);
    }),
  );
}

async function fill(store: PostgresEventStore, pool: Pool, target: number, concurrency: number, log: (line: string) => void): Promise<void> {
  const current = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM es.events')).rows[0]!.n);
  const events = Array.from({ length: 1000 }, () => ({ type: 'PodCreated', data: payload }));
  let remaining = Math.max(0, target - current);
  log(`filling the log from ${current} to ${target} events`);
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (remaining > 0) {
        const size = Math.min(remaining, events.length);
        remaining -= size;
        await store.appendToStream(`bench-fill-${Math.random().toString(36).slice(2)}`, events.slice(0, size));
      }
    }),
  );
}

async function readEverything(store: PostgresEventStore): Promise<{ rate: number; events: number }> {
  const started = process.hrtime.bigint();
  let events = 0;
  for await (const batch of store.readAllBatches(START, 10_000)) events += batch.events.length;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { rate: Math.round(events / seconds), events };
}

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
const round2 = (value: number): number => Math.round(value * 100) / 100;
