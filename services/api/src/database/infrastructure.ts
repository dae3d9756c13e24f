import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { type Pool } from 'pg';
import { type DataSource } from 'typeorm';
import { createPool, PostgresEventStore } from '@keel/event-store';
import { migrate, readMigrationFiles } from '@keel/migrator';
import { KafkaEventBus, kafkaSettingsFromEnv, OutboxRelay } from '@keel/messaging';
import { createReadModelDataSource, KafkaReadModelProjector, ReadModelProjector, ReadModelQueries } from '@keel/read-models';
import { type ApiConfig } from '../config';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres';

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
  /** Keeps the read models up to date in this process (undefined when projectors run elsewhere). */
  readonly projector: ReadModelProjector | undefined;
  close(): Promise<void>;
}

/** Connects to `DATABASE_URL` (or starts embedded PGlite), applies pending migrations and builds the store. */
export async function openInfrastructure(config: ApiConfig): Promise<Infrastructure> {
  let embedded: EmbeddedPostgres | undefined;
  const url = config.databaseUrl ?? (embedded = await startEmbeddedPostgres(config.dataDir)).url;
  const pool = createPool({ connectionString: url, max: embedded ? 1 : config.poolSize, application_name: 'keel-api' });
  const client = await pool.connect();
  try {
    await migrate(client, readMigrationFiles(MIGRATIONS_DIR));
  } finally {
    client.release();
  }
  const store = new PostgresEventStore(pool, { notify: !embedded });
  const dataSource = await createReadModelDataSource(pool).initialize();
  const logger = new Logger('read-models');
  const label = embedded ? `embedded PGlite (${config.dataDir})` : redact(url);
  const onError = (error: unknown, attempt: number): void => logger.error(`projection batch failed (attempt ${attempt}): ${(error as Error).message}`);
  if (config.runProjector && config.transport === 'kafka') {
    const kafka = await startKafkaTransport(pool, store, onError);
    return infrastructure(pool, store, embedded, label, dataSource, undefined, kafka);
  }
  const projector = config.runProjector
    ? new ReadModelProjector(store, {
        listen: !embedded,
        pollIntervalMs: embedded ? 50 : 500,
        onError,
      })
    : undefined;
  await projector?.start();
  return infrastructure(pool, store, embedded, label, dataSource, projector, async () => projector?.stop());
}

/**
 * `KEEL_TRANSPORT=kafka`: the outbox relay publishes the log to Kafka (one active relay by lease) and the
 * read models are projected from a consumer group. Fails start-up when the broker is unusable.
 */
async function startKafkaTransport(pool: Pool, store: PostgresEventStore, onError: (error: unknown, attempt: number) => void): Promise<() => Promise<void>> {
  const bus = new KafkaEventBus(kafkaSettingsFromEnv());
  const relay = new OutboxRelay(store, bus, { onError });
  const projector = new KafkaReadModelProjector(pool, bus, { onError });
  await relay.start();
  await projector.start();
  return async () => {
    await projector.stop();
    await relay.stop();
    await bus.close();
  };
}

function infrastructure(
  pool: Pool,
  store: PostgresEventStore,
  embedded: EmbeddedPostgres | undefined,
  databaseLabel: string,
  dataSource: DataSource,
  projector: ReadModelProjector | undefined,
  stopTransport: () => Promise<void>,
): Infrastructure {
  return {
    pool,
    store,
    embedded: embedded !== undefined,
    databaseLabel,
    dataSource,
    queries: new ReadModelQueries(dataSource),
    projector,
    close: async () => {
      await stopTransport();
      await dataSource.destroy();
      await pool.end();
      await embedded?.stop();
    },
  };
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
