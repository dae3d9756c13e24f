import { compareCheckpoints, type Queryable, type UpcasterRegistry } from '@keel/event-store';
import { type Pool } from 'pg';
import { readLogInRanges } from './log-ranges';
import { CachedProjection } from './projection/project-events';
import { READ_TABLES } from './projection/tables';

/** Options of {@link rebuildReadModels}. */
export interface RebuildOptions {
  /** Where the log is read from (default: the target pool). */
  readonly source?: Pool;
  /** Events per batch (default 20000). */
  readonly batchSize?: number;
  /** Batches read in parallel (default 4; 1 when reading through a one-connection pool). */
  readonly readConcurrency?: number;
  readonly upcasters?: UpcasterRegistry;
}

/** What a rebuild did. */
export interface RebuildResult {
  readonly events: number;
  /** Checkpoint of the newest event replayed. */
  readonly checkpoint: string;
  readonly durationMs: number;
}

/** Events between writes of the views a rebuild keeps in memory (bounds memory on huge logs). */
const FLUSH_EVERY = 500_000;

async function replay(source: Queryable, target: Queryable, options: RebuildOptions & { readConcurrency: number }): Promise<Omit<RebuildResult, 'durationMs'>> {
  let events = 0;
  let checkpoint = '0:0';
  const ranges = readLogInRanges(source, { batchSize: options.batchSize ?? 20_000, concurrency: options.readConcurrency, ...(options.upcasters ? { upcasters: options.upcasters } : {}) });
  const projection = new CachedProjection();
  let unflushed = 0;
  for await (const batch of ranges) {
    await projection.apply(batch, target);
    events += batch.length;
    unflushed += batch.length;
    if (unflushed >= FLUSH_EVERY) {
      await projection.flush(target);
      unflushed = 0;
    }
    for (const event of batch) if (compareCheckpoints(event.checkpoint, checkpoint) > 0) checkpoint = event.checkpoint;
  }
  await projection.flush(target);
  return { events, checkpoint };
}

/**
 * Truncates every read table and replays the whole log into them in one transaction: readers see the old
 * read models until it commits. Batches are read in parallel while the current one is written. A running
 * {@link ReadModelProjector} may stay up: its batches wait for the commit, then skip what the rebuild applied
 * (each root row keeps its stream version).
 */
export async function rebuildReadModels(pool: Pool, options: RebuildOptions = {}): Promise<RebuildResult> {
  const started = performance.now();
  const tx = await pool.connect();
  // With a one-connection pool (embedded PGlite) a read through the pool would wait for our own transaction.
  const viaPool = options.source !== undefined || (pool.options.max ?? 10) > 1;
  const source: Queryable = viaPool ? (options.source ?? pool) : tx;
  const readConcurrency = viaPool ? (options.readConcurrency ?? 4) : 1;
  try {
    await tx.query('BEGIN');
    await tx.query(`TRUNCATE ${READ_TABLES.map((t) => t.table).join(', ')}`);
    const result = await replay(source, tx, { ...options, readConcurrency });
    await tx.query('COMMIT');
    return { ...result, durationMs: performance.now() - started };
  } catch (error) {
    await tx.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    tx.release();
  }
}
