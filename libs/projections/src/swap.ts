import { committedCheckpoint, compareCheckpoints, type Queryable } from '@keel/event-store';
import { type Pool } from 'pg';
import { endBuild, moveSubscription, recordRebuilt } from './bookkeeping';
import { type ProjectionDefinition } from './catalogue';
import { assertCopyable, lockOrder, quoteIdent, schemaShape } from './schema-copy';
import { type SchemaBuild } from './schema-build';
import { retiredSchema } from './schema-names';

/** What a swap did. */
export interface SwapResult {
  /** Checkpoint of the swapped-in tables, which the live subscription continues from. */
  readonly checkpoint: string;
  /** Events applied inside the swap's transaction (the last catch-up). */
  readonly finalEvents: number;
  /** How long the live tables were locked. */
  readonly lockedMs: number;
}

/**
 * `wantedMs`, but at most half the server's deadlock_timeout: while the swap holds one live table and waits
 * for the next, a query that joins them in the other order waits on the swap. Giving up well before the
 * deadlock detector runs lets that query finish instead of being cancelled as the deadlock's victim.
 */
export async function boundedLockTimeout(client: Queryable, wantedMs: number): Promise<number> {
  const { rows } = await client.query<{ ms: number }>(`SELECT setting::int AS ms FROM pg_settings WHERE name = 'deadlock_timeout'`);
  return Math.max(1, Math.round(Math.min(wantedMs, (rows[0]?.ms ?? 1000) / 2)));
}

/** The swap could not lock the live tables (timeout, or a deadlock it lost); catch up and try again. */
export class SwapLockTimeout extends Error {}

/**
 * Swaps a rebuild's staging schema in for the live one, in one short transaction: lock every live table
 * in the order projector batches touch them (waits for the batch in flight; queries queue for the few
 * milliseconds the transaction takes; gives up after `lockTimeoutMs`, see {@link boundedLockTimeout}), lock
 * the subscription's row, apply the events that arrived since the last chunk,
 * rename live → retired and staging → live, and move the subscription's checkpoint to the staged one
 * with a new fencing token, so the live projector continues after the last event the new tables hold
 * (no gap) and a batch it read before the swap cannot commit (no double apply). The old tables are
 * dropped after the commit.
 */
export async function swapIn(pool: Pool, projection: ProjectionDefinition, build: SchemaBuild, lockTimeoutMs: number): Promise<SwapResult> {
  const live = projection.schema;
  const retired = retiredSchema(projection);
  const client = await pool.connect();
  let result: SwapResult;
  // Once the last catch-up ran, the build's views are ahead of what its schema will hold after a rollback.
  let caughtUp = false;
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL lock_timeout = ${await boundedLockTimeout(client, lockTimeoutMs)}`);
    const locking = performance.now();
    const tables = await lockOrder(client, live, projection.tables(live).map((t) => t.name));
    if (tables.length > 0) await client.query(`LOCK TABLE ${tables.join(', ')} IN ACCESS EXCLUSIVE MODE`);
    await client.query('INSERT INTO es.subscriptions (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [projection.subscription]);
    const liveCheckpoint = await committedCheckpoint(client, projection.subscription, 'FOR UPDATE');
    await assertCopyable(client, live);
    if ((await schemaShape(client, live)) !== (await schemaShape(client, build.schema))) {
      throw new Error(`the tables in schema ${live} changed during the rebuild (a migration ran?); run the rebuild again to start over from their new shape`);
    }
    caughtUp = true;
    const finalEvents = await build.finishIn(client);
    if (compareCheckpoints(build.checkpoint, liveCheckpoint) < 0) {
      throw new Error(`the rebuilt tables (at ${build.checkpoint}) are behind the live ones (at ${liveCheckpoint}); nothing was swapped`);
    }
    await client.query(`ALTER SCHEMA ${quoteIdent(live)} RENAME TO ${quoteIdent(retired)}`);
    await client.query(`ALTER SCHEMA ${quoteIdent(build.schema)} RENAME TO ${quoteIdent(live)}`);
    await moveSubscription(client, projection.subscription, build.checkpoint);
    await recordRebuilt(client, projection.name, projection.version, build.checkpoint);
    await endBuild(client, build.schema);
    await client.query('COMMIT');
    result = { checkpoint: build.checkpoint, finalEvents, lockedMs: performance.now() - locking };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    const code = (error as { code?: string }).code;
    if ((code === '55P03' || code === '40P01') && !caughtUp) throw new SwapLockTimeout(`could not lock the tables of schema ${live} (${(error as Error).message})`);
    throw error;
  } finally {
    client.release();
  }
  await pool.query(`DROP SCHEMA IF EXISTS ${quoteIdent(retired)} CASCADE`);
  return result;
}
