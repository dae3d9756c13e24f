import type autocannonType from 'autocannon';
import { PostgresEventStore } from '@keel/event-store';
import { rebuildReadModels, seedClusterLog } from '@keel/read-models';
import { startApiProcess } from './api-process';
import { createBenchDatabase } from './bench-database';
import { percentile, throughput } from './measure';
import { ProjectionLagProbe } from './projection-lag';

/** Options of the API benchmark. */
export interface ApiBenchOptions {
  readonly serverUrl: string;
  readonly migrationsDir: string;
  readonly repoRoot: string;
  readonly quick: boolean;
  readonly log?: (line: string) => void;
}

/** Result printed by `keel bench api --json`. */
export interface ApiBenchResult {
  readonly commandsPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  readonly rawAppendEventsPerSec: number;
  readonly apiVsRawAppend: number;
  /** Raw one-event appends through a store with group commit, as the API's store appends (same run). */
  readonly rawGroupCommitAppendEventsPerSec: number;
  readonly apiVsRawGroupCommitAppend: number;
  readonly projectionLagP99Ms: number;
  readonly projectionLagRate: number;
  readonly rebuildEventsPerSec: number;
  readonly rebuildEvents: number;
  readonly concurrency: number;
  readonly quick: boolean;
  readonly at: string;
}

const CONCURRENCY = 32;
const DEPLOYMENTS = 256;
const MODEL = { name: 'mistral-7b', displayName: 'Mistral-7B', parametersBillions: 7.2, dtype: 'fp16', layers: 32, attentionHeads: 32, kvHeads: 8, headDim: 128, maxContext: 8192 };
const TEMPLATE = { gpusPerReplica: 1, tensorParallel: 1, pipelineParallel: 1, acceptableGpuModels: ['A100-80GB'], cpuMilli: 4000, memoryMiB: 32768, maxContext: 4096, maxConcurrentSequences: 8 };

/**
 * Scale commands over distinct deployments through HTTP (autocannon, 32 connections) against the API in
 * its own process; one-event raw appends at the same concurrency in the same run; projection lag at
 * 1,000 commands/s; then a rebuild of every read model from a realistic log (1M events, 100k quick).
 */
export async function benchApi(options: ApiBenchOptions): Promise<ApiBenchResult> {
  const log = options.log ?? (() => undefined);
  const autocannon = (await import('autocannon')).default;
  const seconds = options.quick ? 4 : 12;
  const db = await createBenchDatabase(options.serverUrl, options.migrationsDir);
  try {
    const pool = db.pool(CONCURRENCY);
    const api = await startApiProcess(options.repoRoot, db.url, CONCURRENCY);
    let load: { commandsPerSec: number; p50Ms: number; p99Ms: number; non2xx: number };
    let lag: { p99: number; rate: number };
    try {
      await setUpDeployments(api.url);
      load = await scaleLoad(autocannon, api.url, seconds);
      log(`API: ${load.commandsPerSec} commands/s, p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms, non-2xx ${load.non2xx}`);
      lag = await lagAtRate(autocannon, api.url, pool, seconds);
      log(`projection lag p99 ${lag.p99} ms at ${lag.rate} commands/s`);
    } finally {
      await api.stop();
    }
    const rawAppendEventsPerSec = await rawAppends(new PostgresEventStore(pool), seconds, 'raw');
    log(`raw append ${rawAppendEventsPerSec} events/s`);
    const rawGroupCommitAppendEventsPerSec = await rawAppends(new PostgresEventStore(pool, { groupCommit: true }), seconds, 'grouped');
    log(`raw append with group commit ${rawGroupCommitAppendEventsPerSec} events/s`);
    const rebuildDb = await createBenchDatabase(options.serverUrl, options.migrationsDir);
    const rebuild = await rebuildRate(rebuildDb.pool(8), options.quick ? 100_000 : 1_000_000, log).finally(() => rebuildDb.drop());
    return {
      ...load,
      rawAppendEventsPerSec,
      apiVsRawAppend: Math.round((load.commandsPerSec / rawAppendEventsPerSec) * 100) / 100,
      rawGroupCommitAppendEventsPerSec,
      apiVsRawGroupCommitAppend: Math.round((load.commandsPerSec / rawGroupCommitAppendEventsPerSec) * 100) / 100,
      projectionLagP99Ms: lag.p99,
      projectionLagRate: lag.rate,
      rebuildEventsPerSec: rebuild.rate,
      rebuildEvents: rebuild.events,
      concurrency: CONCURRENCY,
      quick: options.quick,
      at: new Date().toISOString(),
    };
  } finally {
    await db.drop();
  }
}

/** Registers the model and the deployments every API benchmark scales. */
export async function setUpDeployments(url: string): Promise<void> {
  const post = (path: string, body: unknown): Promise<Response> =>
    fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await post('/v1/models', MODEL);
  for (let i = 0; i < DEPLOYMENTS; i += CONCURRENCY) {
    await Promise.all(
      Array.from({ length: CONCURRENCY }, (_, j) => post('/v1/deployments', { name: `d-${i + j}`, model: MODEL.name, runtime: 'vllm', replicas: 1, template: TEMPLATE })),
    );
  }
}

/** Each request scales the next deployment in turn between 1 and 2 replicas. */
export function scaleRequests(): autocannonType.Request[] {
  let next = 0;
  return [
    {
      method: 'POST',
      setupRequest: (request) => {
        const n = next++;
        return { ...request, path: `/v1/deployments/d-${n % DEPLOYMENTS}/scale`, body: JSON.stringify({ replicas: 1 + (Math.floor(n / DEPLOYMENTS) % 2 === 0 ? 1 : 0) }) };
      },
    },
  ];
}

async function scaleLoad(autocannon: typeof autocannonType, url: string, seconds: number): Promise<{ commandsPerSec: number; p50Ms: number; p99Ms: number; non2xx: number }> {
  const result = await autocannon({ url, connections: CONCURRENCY, duration: seconds, headers: { 'content-type': 'application/json' }, requests: scaleRequests() });
  return {
    commandsPerSec: Math.round(result['2xx'] / seconds),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
  };
}

async function lagAtRate(autocannon: typeof autocannonType, url: string, pool: import('pg').Pool, seconds: number): Promise<{ p99: number; rate: number }> {
  const probe = new ProjectionLagProbe(pool);
  probe.start();
  const requests = scaleRequests();
  requests[0] = {
    ...requests[0]!,
    onResponse: (status, body) => {
      if (status === 200) probe.written((JSON.parse(body) as { checkpoint: string }).checkpoint);
    },
  };
  const result = await autocannon({ url, connections: CONCURRENCY, overallRate: 1000, duration: seconds, headers: { 'content-type': 'application/json' }, requests });
  const unresolved = await probe.finish();
  if (unresolved > 0) throw new Error(`${unresolved} writes were not projected within 30 s`);
  return { p99: Math.round(percentile(probe.lagsMs, 99) * 10) / 10, rate: Math.round(result['2xx'] / seconds) };
}

async function rawAppends(store: PostgresEventStore, seconds: number, prefix: string): Promise<number> {
  const versions = new Array<number>(CONCURRENCY).fill(0);
  return throughput(CONCURRENCY, seconds * 1000, async (w) => {
    await store.appendToStream(`${prefix}-${w}`, [{ type: 'DeploymentScaled', data: { name: `d-${w}`, from: 1, to: 2 } }], { expectedVersion: versions[w]! });
    versions[w]! += 1;
    return 1;
  });
}

async function rebuildRate(pool: import('pg').Pool, events: number, log: (line: string) => void): Promise<{ rate: number; events: number }> {
  const store = new PostgresEventStore(pool, { notify: false });
  log(`seeding a realistic log of ${events} events for the rebuild`);
  await seedClusterLog(store, { events });
  await pool.query('VACUUM ANALYZE es.events');
  const result = await rebuildReadModels(pool);
  log(`rebuilt ${result.events} events in ${Math.round(result.durationMs)} ms`);
  return { rate: Math.round(result.events / (result.durationMs / 1000)), events: result.events };
}
