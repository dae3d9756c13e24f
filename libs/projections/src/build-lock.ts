import { DomainError } from '@keel/kernel';
import { type Pool } from 'pg';

/** A session-level advisory lock; `release` gives it back (a crashed process's lock goes with its session). */
export interface HeldLock {
  release(): Promise<void>;
}

const KEY = "hashtext('keel.projections.build'), hashtext($1)";

/**
 * Takes the lock on building into `schema` for as long as the build runs, on a connection of its own that
 * stays outside any transaction (so it holds no snapshot back). Throws a Conflict error when another
 * process holds it.
 */
export async function lockBuild(pool: Pool, schema: string): Promise<HeldLock> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ held: boolean }>(`SELECT pg_try_advisory_lock(${KEY}) AS held`, [schema]);
    if (!rows[0]?.held) throw new DomainError('Conflict', `another keel process is building schema ${schema} (a rebuild, verify or replay); wait for it to finish`);
  } catch (error) {
    client.release();
    throw error;
  }
  return {
    release: async () => {
      const unlocked = await client.query(`SELECT pg_advisory_unlock(${KEY})`, [schema]).then(
        () => true,
        () => false,
      );
      client.release(!unlocked);
    },
  };
}
