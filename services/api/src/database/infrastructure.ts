import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { type ClientBase, type Pool } from 'pg';
import { type DataSource } from 'typeorm';
import { committedCheckpoint, compareCheckpoints, createPool, PostgresEventStore } from '@keel/event-store';
import { migrate, readMigrationFiles } from '@keel/migrator';
import { GroupProgress, KafkaEventBus, kafkaSettingsFromEnv } from '@keel/messaging';
import { createReadModelDataSource, READ_MODELS_SUBSCRIPTION, ReadModelProjector, ReadModelQueries } from '@keel/read-models';
import { type ApiConfig } from '../config';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres';
import { startKafkaReadSide } from './kafka-read-side';
import { ProjectorThread } from './projector-thread';

/** Folder of the SQL migrations (the service runs from source). */
export const MIGRATIONS_DIR = join(__dirname, '..', '..', '..', '..', 'migrations');

/** The database side of the service: one pool, the event store, and the embedded server if any. */
export interface Infrastructure {
  readonly pool: Pool;
  readonly store: PostgresEventStore;
  /** True when running on embedded PGlite (a pool of one, polling instead of LISTEN). */
  readonly embedded: boolean;
  readonly databaseLabel: string;
  /** TypeORM over the same pool, for read-model queries. */
  readonly dataSource: DataSource;
  readonly queries: ReadModelQueries;
  /**
   * Resolves true once the read models reflect every event up to `checkpoint` (false after `timeoutMs`),
   * whichever transport feeds them and wherever their projector runs.
   */
  readModelsReached(checkpoint: string, timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * PGlite is one database session behind every socket connection, so a new connection inherits the named
 * prepared statements of the last one. pg-pool drops a connection whenever a query on it fails (a
 * version conflict is enough), and the new connection's driver, which prepares each named statement
 * once per connection, then got "prepared statement already exists" on every write until a restart.
 * A new connection forgets them before it is handed out.
 */
async function forgetPreparedStatements(client: ClientBase): Promise<void> {
  await client.query('DEALLOCATE ALL');
}

/** Connects to `DATABASE_URL` (or starts embedded PGlite), applies pending migrations and builds the store. */
export async function openInfrastructure(config: ApiConfig): Promise<Infrastructure> {
  let embedded: EmbeddedPostgres | undefined;
  const url = config.databaseUrl ?? (embedded = await startEmbeddedPostgres(config.dataDir)).url;
  const pool = createPool({ connectionString: url, max: embedded ? 1 : config.poolSize, application_name: 'keel-api', ...(embedded ? { onConnect: forgetPreparedStatements } : {}) });
  const client = await pool.connect();
  try {
    await migrate(client, readMigrationFiles(MIGRATIONS_DIR));
  } finally {
    client.release();
  }
  const store = new PostgresEventStore(pool, { notify: !embedded, groupCommit: config.groupCommit });
  const dataSource = await createReadModelDataSource(pool).initialize();
  const logger = new Logger('read-models');
  const label = embedded ? `embedded PGlite (${config.dataDir})` : redact(url);
  const onError = (error: unknown, attempt: number): void => logger.error(`projection batch failed (attempt ${attempt}): ${(error as Error).message}`);
  const threaded = config.projectorThread && !embedded;
  const transport =
    config.transport === 'kafka'
      ? threaded
        ? await startKafkaThread(pool, url, config.runProjector, logger)
        : await startKafkaTransport(pool, store, config.runProjector, onError)
      : config.runProjector && threaded
        ? await startProjectorThread(url, logger)
        : await startPostgresTransport(pool, store, config.runProjector, embedded !== undefined, onError);
  return {
    pool,
    store,
    embedded: embedded !== undefined,
    databaseLabel: label,
    dataSource,
    queries: new ReadModelQueries(dataSource),
    readModelsReached: transport.reached,
    close: async () => {
      await transport.stop();
      await dataSource.destroy();
      await pool.end();
      await embedded?.stop();
    },
  };
}

/** How the read models are kept, seen from the API: how to wait for them, and how to stop what runs here. */
interface Transport {
  reached(checkpoint: string, timeoutMs: number): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * The Postgres log is the transport: the projector runs here (a subscription), or elsewhere — then the
 * API watches the projector's committed checkpoint.
 */
async function startPostgresTransport(pool: Pool, store: PostgresEventStore, runProjector: boolean, embedded: boolean, onError: (error: unknown, attempt: number) => void): Promise<Transport> {
  if (!runProjector) {
    return { reached: (checkpoint, timeoutMs) => checkpointReached(pool, checkpoint, timeoutMs), stop: async () => undefined };
  }
  const projector = new ReadModelProjector(store, { listen: !embedded, pollIntervalMs: embedded ? 50 : 500, onError });
  await projector.start();
  return {
    reached: (checkpoint, timeoutMs) => projector.waitFor(checkpoint, timeoutMs).then(
      () => true,
      () => false,
    ),
    stop: () => projector.stop(),
  };
}

/** The projector on a worker thread of this process (the default on a real Postgres). */
async function startProjectorThread(databaseUrl: string, logger: Logger): Promise<Transport> {
  const thread = await ProjectorThread.start({ databaseUrl, poolSize: 4 }, (message, attempt) => logger.error(`projection batch failed (attempt ${attempt}): ${message}`));
  return { reached: (checkpoint, timeoutMs) => thread.reached(checkpoint, timeoutMs), stop: () => thread.stop() };
}

/** The relay and the Kafka projector on a worker thread; reads wait on the group's offsets from here. */
async function startKafkaThread(pool: Pool, databaseUrl: string, runProjector: boolean, logger: Logger): Promise<Transport> {
  const thread = await ProjectorThread.start({ databaseUrl, poolSize: 4, transport: 'kafka', runProjector }, (message, attempt) => logger.error(`Kafka transport batch failed (attempt ${attempt}): ${message}`));
  const offsets = new KafkaEventBus(kafkaSettingsFromEnv());
  const progress = new GroupProgress(pool, offsets, READ_MODELS_SUBSCRIPTION);
  return {
    reached: (checkpoint, timeoutMs) => progress.reached(checkpoint, timeoutMs),
    stop: async () => {
      await thread.stop();
      await offsets.close();
    },
  };
}

/**
 * `KEEL_TRANSPORT=kafka`: every API process runs the outbox relay (one is active, by lease), and the read
 * models are projected from a consumer group — here too unless `KEEL_RUN_PROJECTOR=false` (then `keel
 * projector` replicas do it). Reads with `minCheckpoint` wait on the group's committed offsets, wherever
 * it runs. Fails start-up when the broker is unusable.
 */
async function startKafkaTransport(pool: Pool, store: PostgresEventStore, runProjector: boolean, onError: (error: unknown, attempt: number) => void): Promise<Transport> {
  const { bus, stop } = await startKafkaReadSide(store, { runProjector, onError });
  const progress = new GroupProgress(pool, bus, READ_MODELS_SUBSCRIPTION);
  return { reached: (checkpoint, timeoutMs) => progress.reached(checkpoint, timeoutMs), stop };
}

/** Polls the read-model subscription's committed checkpoint (its projector runs in another process). */
async function checkpointReached(pool: Pool, checkpoint: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (compareCheckpoints(await committedCheckpoint(pool, READ_MODELS_SUBSCRIPTION), checkpoint) >= 0) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
