import { createPool, PostgresEventStore } from '@keel/event-store';
import { AsOfError } from '@keel/history';
import { LOCAL_POSTGRES_URL, loadCliConfig, UsageError } from '../config';

/** Where a command writes its output, one line per call (console.log by default; tests collect lines). */
export type Print = (line: string) => void;

/** Runs `work` with an event store on DATABASE_URL (or the local Postgres), closing the pool afterwards. */
export async function withEventStore<T>(work: (store: PostgresEventStore) => Promise<T>): Promise<T> {
  const pool = createPool({ connectionString: loadCliConfig().databaseUrl ?? LOCAL_POSTGRES_URL, max: 2, application_name: 'keel-cli' });
  try {
    return await work(new PostgresEventStore(pool, { notify: false }));
  } finally {
    await pool.end();
  }
}

/** Turns a bad moment into a usage error (exit code 2) naming the option. */
export async function usageOnBadMoment<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AsOfError) throw new UsageError(error.message);
    throw error;
  }
}
