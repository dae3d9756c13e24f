import { type GlobalReadResult, PostgresEventStore, type Queryable, type UpcasterRegistry } from '@keel/event-store';
import { type Pool } from 'pg';
import { projectEvents } from './projection/project-events';
import { type Tx } from './projection/sql';
import { READ_TABLES } from './projection/tables';

/** Options of {@link rebuildReadModels}. */
export interface RebuildOptions {
  /** Where the log is read from (default: the target pool). */
  readonly source?: Pool;
  /** Events per batch (default 5000). */
  readonly batchSize?: number;
  readonly upcasters?: UpcasterRegistry;
}

/** What a rebuild did. */
export interface RebuildResult {
  readonly events: number;
  /** Checkpoint of the last event replayed. */
  readonly checkpoint: string;
  readonly durationMs: number;
}

type Reader = (after: string) => Promise<GlobalReadResult>;

function readerFor(pool: Pool, tx: Tx, options: RebuildOptions): { read: Reader; prefetch: boolean } {
  const upcasters = options.upcasters ? { upcasters: options.upcasters } : {};
  const source = options.source ?? pool;
  const store = new PostgresEventStore(source, { notify: false, ...upcasters });
  const batchSize = options.batchSize ?? 5000;
  // With a one-connection pool (embedded PGlite) a read through the pool would wait for our own transaction.
  const prefetch = options.source !== undefined || (pool.options.max ?? 10) > 1;
  const client: Queryable = prefetch ? source : tx;
  return { read: (after) => store.readAll(after, batchSize, client), prefetch };
}

async function replay(tx: Tx, reader: { read: Reader; prefetch: boolean }): Promise<{ events: number; checkpoint: string }> {
  let events = 0;
  let checkpoint = '0:0';
  let batch = await reader.read(checkpoint);
  while (batch.events.length > 0) {
    const next = reader.prefetch ? reader.read(batch.checkpoint) : undefined;
    next?.catch(() => undefined);
    await projectEvents(batch.events, tx);
    events += batch.events.length;
    checkpoint = batch.checkpoint;
    batch = await (next ?? reader.read(checkpoint));
  }
  return { events, checkpoint };
}

/**
 * Truncates every read table and replays the whole log into them in one transaction: readers see the old
 * read models until it commits. The next batch is read while the current one is written. A running
 * {@link ReadModelProjector} may stay up: its batches wait for the commit, then skip what the rebuild applied.
 */
export async function rebuildReadModels(pool: Pool, options: RebuildOptions = {}): Promise<RebuildResult> {
  const started = performance.now();
  const tx = await pool.connect();
  try {
    await tx.query('BEGIN');
    await tx.query(`TRUNCATE ${READ_TABLES.map((t) => t.table).join(', ')}`);
    const result = await replay(tx, readerFor(pool, tx, options));
    await tx.query('COMMIT');
    return { ...result, durationMs: performance.now() - started };
  } catch (error) {
    await tx.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    tx.release();
  }
}
