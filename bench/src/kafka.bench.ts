import { randomBytes } from 'node:crypto';
import type autocannonType from 'autocannon';
import { compareCheckpoints, PostgresEventStore } from '@keel/event-store';
import { deleteTestTopics, KafkaEventBus, type KafkaSettings, OutboxRelay } from '@keel/messaging';
import { startApiProcess } from './api-process';
import { scaleRequests, setUpDeployments } from './api.bench';
import { createBenchDatabase } from './bench-database';
import { percentile } from './measure';
import { StreamVersionProbe } from './stream-version-probe';

/** Options of the Kafka benchmark. */
export interface KafkaBenchOptions {
  readonly serverUrl: string;
  readonly migrationsDir: string;
  readonly repoRoot: string;
  readonly brokers: readonly string[];
  readonly quick: boolean;
  readonly log?: (line: string) => void;
}

/** Result printed by `keel bench kafka --json`. */
export interface KafkaBenchResult {
  readonly relayEventsPerSec: number;
  readonly relayEvents: number;
  readonly endToEndP99Ms: number;
  readonly endToEndP50Ms: number;
  readonly commandsPerSec: number;
  readonly quick: boolean;
  readonly at: string;
}

const settingsFor = (brokers: readonly string[], prefix: string): KafkaSettings => ({
  brokers,
  clientId: 'keel-bench',
  topicPrefix: prefix,
  partitions: { node: 3, deployment: 3, model: 1 },
  defaultPartitions: 1,
  connectTimeoutMs: 10_000,
});

/**
 * Relay throughput from the Postgres log to a real broker (a pre-filled log, relay started cold), then
 * command → read-model latency through Kafka: the API in its own process with `KEEL_TRANSPORT=kafka`,
 * scale commands at 1,000/s, each timed until the read model shows the deployment's new version.
 */
export async function benchKafka(options: KafkaBenchOptions): Promise<KafkaBenchResult> {
  const log = options.log ?? (() => undefined);
  const relay = await relayThroughput(options, options.quick ? 50_000 : 200_000, log);
  log(`relay: ${relay.rate} events/s over ${relay.events} events`);
  const e2e = await endToEnd(options, options.quick ? 5 : 10, log);
  log(`end to end through Kafka: p50 ${e2e.p50} ms, p99 ${e2e.p99} ms at ${e2e.rate} commands/s`);
  return {
    relayEventsPerSec: relay.rate,
    relayEvents: relay.events,
    endToEndP99Ms: e2e.p99,
    endToEndP50Ms: e2e.p50,
    commandsPerSec: e2e.rate,
    quick: options.quick,
    at: new Date().toISOString(),
  };
}

async function relayThroughput(options: KafkaBenchOptions, events: number, log: (line: string) => void): Promise<{ rate: number; events: number }> {
  const db = await createBenchDatabase(options.serverUrl, options.migrationsDir);
  const settings = settingsFor(options.brokers, `keel.bench.${randomBytes(3).toString('hex')}.`);
  const bus = new KafkaEventBus(settings);
  try {
    const store = new PostgresEventStore(db.pool(8), { notify: false });
    log(`filling the log with ${events} events`);
    await fill(store, events);
    const head = await store.headCheckpoint();
    let lastError: unknown;
    const relay = new OutboxRelay(store, bus, {
      batchSize: 5000,
      pollIntervalMs: 20,
      onError: (error, attempt) => {
        lastError = error;
        log(`relay batch failed (attempt ${attempt}): ${(error as Error).message}`);
      },
    });
    const started = performance.now();
    await relay.start();
    let seconds: number;
    try {
      await caughtUp(() => relay.checkpoint, head, RELAY_STALL_MS, () => lastError);
      seconds = (performance.now() - started) / 1000;
    } catch (error) {
      // A publish that never settles would keep stop() waiting for its batch: close the bus first so it
      // fails, and do not wait on the relay for more than a few seconds.
      await bus.close().catch(() => undefined);
      await Promise.race([relay.stop().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
      throw error;
    }
    await relay.stop();
    return { rate: Math.round(events / seconds), events };
  } finally {
    await bus.close().catch(() => undefined);
    await deleteTestTopics(settings).catch(() => undefined);
    await db.drop();
  }
}

/** How long the relay may go without moving its checkpoint before the bench gives up. */
const RELAY_STALL_MS = 60_000;

/** Waits until `checkpoint()` reaches `head`; fails, naming where it stopped, when it stops moving for `stallMs`. */
async function caughtUp(checkpoint: () => string, head: string, stallMs: number, lastError: () => unknown): Promise<void> {
  let seen = checkpoint();
  let movedAt = performance.now();
  while (compareCheckpoints(checkpoint(), head) < 0) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    if (checkpoint() !== seen) {
      seen = checkpoint();
      movedAt = performance.now();
    } else if (performance.now() - movedAt > stallMs) {
      const cause = lastError();
      throw new Error(`the relay stopped at ${seen} for ${stallMs / 1000} s, short of ${head}${cause ? `; last error: ${(cause as Error).message}` : ' (no batch failed)'}`);
    }
  }
}

async function fill(store: PostgresEventStore, total: number): Promise<void> {
  const kinds = ['deployment', 'node', 'model'];
  let remaining = total;
  let stream = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (remaining > 0) {
        const size = Math.min(remaining, 500);
        remaining -= size;
        const n = stream++;
        const events = Array.from({ length: size }, (_, i) => ({ type: 'BenchEvent', data: { n, i, reason: 'relay throughput' } }));
        await store.appendToStream(`${kinds[n % kinds.length]}-bench${n}`, events);
      }
    }),
  );
}

async function endToEnd(options: KafkaBenchOptions, seconds: number, log: (line: string) => void): Promise<{ p50: number; p99: number; rate: number }> {
  const autocannon = (await import('autocannon')).default;
  const db = await createBenchDatabase(options.serverUrl, options.migrationsDir);
  const prefix = `keel.bench.${randomBytes(3).toString('hex')}.`;
  const env = { KEEL_TRANSPORT: 'kafka', KAFKA_BROKERS: options.brokers.join(','), KEEL_KAFKA_TOPIC_PREFIX: prefix };
  const api = await startApiProcess(options.repoRoot, db.url, 32, env);
  const probe = new StreamVersionProbe(db.pool(2));
  try {
    await setUpDeployments(api.url);
    log('deployments created; loading at 1,000 commands/s through Kafka');
    probe.start();
    const requests = scaleRequests();
    requests[0] = {
      ...requests[0]!,
      onResponse: (status, body) => {
        if (status !== 200) return;
        const written = JSON.parse(body) as { streamId: string; version: number };
        probe.written(written.streamId.replace(/^deployment-/, ''), written.version);
      },
    };
    const result: autocannonType.Result = await autocannon({ url: api.url, connections: 32, overallRate: 1000, duration: seconds, headers: { 'content-type': 'application/json' }, requests });
    const unresolved = await probe.finish();
    if (unresolved > 0) throw new Error(`${unresolved} writes did not reach the read models through Kafka within 30 s`);
    const round = (value: number): number => Math.round(value * 10) / 10;
    return { p50: round(percentile(probe.lagsMs, 50)), p99: round(percentile(probe.lagsMs, 99)), rate: Math.round(result['2xx'] / seconds) };
  } finally {
    await api.stop();
    await deleteTestTopics(settingsFor(options.brokers, prefix)).catch(() => undefined);
    await db.drop();
  }
}
