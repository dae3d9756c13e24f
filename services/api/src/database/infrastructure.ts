import { join } from 'node:path';
import { type Pool } from 'pg';
import { createPool, PostgresEventStore } from '@keel/event-store';
import { migrate, readMigrationFiles } from '@keel/migrator';
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
  return {
    pool,
    store: new PostgresEventStore(pool, { notify: !embedded }),
    embedded: embedded !== undefined,
    databaseLabel: embedded ? `embedded PGlite (${config.dataDir})` : redact(url),
    close: async () => {
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
