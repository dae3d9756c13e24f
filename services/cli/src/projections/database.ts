import { createPool } from '@keel/event-store';
import { AsOfError } from '@keel/history';
import { DomainError } from '@keel/kernel';
import { type Pool } from 'pg';
import { LOCAL_POSTGRES_URL, loadCliConfig, UsageError } from '../config';

/** Runs `work` with a pool on DATABASE_URL (or the local Postgres) sized for parallel log reads, closing it afterwards. */
export async function withProjectionsPool<T>(work: (pool: Pool) => Promise<T>): Promise<T> {
  const pool = createPool({ connectionString: loadCliConfig().databaseUrl ?? LOCAL_POSTGRES_URL, max: 8, application_name: 'keel-projections' });
  try {
    return await work(pool);
  } catch (error) {
    // Bookkeeping tables missing: the database predates migration 0005.
    if ((error as { code?: string }).code === '42P01' && /"projections\./.test((error as Error).message)) {
      throw new Error(`${(error as Error).message}: run keel migrate first`);
    }
    throw error;
  } finally {
    await pool.end();
  }
}

/** Turns bad input reported by the libraries (an unknown projection, a bad schema or moment) into a usage error (exit code 2). */
export async function usageOnBadInput<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AsOfError) throw new UsageError(error.message);
    if (error instanceof DomainError && (error.code === 'Validation' || error.code === 'NotFound')) throw new UsageError(error.message);
    throw error;
  }
}
