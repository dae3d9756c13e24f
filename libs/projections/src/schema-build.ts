import { PostgresEventStore, type RecordedEvent, type UpcasterRegistry } from '@keel/event-store';
import { type Pool, type PoolClient } from 'pg';
import { type BuildPurpose, type BuildRow, readBuild, recordChunk, startBuild } from './bookkeeping';
import { type ProjectionDefinition, type ProjectionWriter } from './catalogue';
import { copySchemaTables, dropSchema, schemaShape, schemaState } from './schema-copy';

/** How a build reads and commits. */
export interface BuildOptions {
  /** Events per read of the log (default 20,000). */
  readonly batchSize?: number;
  /** Reads in flight while a batch is applied (default 3; each takes a pooled connection). */
  readonly readAhead?: number;
  /** Events per committed chunk (default 100,000). */
  readonly chunkEvents?: number;
  /** Longest time between chunk commits in ms (default 2,000). */
  readonly chunkMs?: number;
  readonly upcasters?: UpcasterRegistry;
  /** Called after every batch and every committed chunk. An exception thrown here stops the build (like a crash). */
  readonly onProgress?: (progress: BuildProgress) => void;
  /** Stops the build between batches; what the last committed chunk holds is kept for a resume. */
  readonly signal?: AbortSignal;
}

/** Where a build stands. */
export interface BuildProgress {
  readonly projection: string;
  readonly schema: string;
  readonly purpose: BuildPurpose;
  /** Events applied to the schema so far, committed chunks of earlier runs included. */
  readonly events: number;
  /** Events the build expects to apply in all (grows while the log does). */
  readonly total: number;
  readonly checkpoint: string;
  /** True right after a chunk committed. */
  readonly committed: boolean;
}

/** What a build targets. */
export interface BuildSpec {
  readonly projection: ProjectionDefinition;
  readonly schema: string;
  readonly purpose: BuildPurpose;
  /** The moment a bounded build stops at, as given (recorded so that only the same build resumes). */
  readonly untilMoment?: string | null;
  /** A build in progress resumes only when this holds (default: always); otherwise it starts over. */
  readonly resumable?: (row: BuildRow) => boolean;
  /** With no build in progress, a non-empty schema is dropped (`replace`, for Keel's own schemas) or refused with this error. */
  readonly whenFilled: 'replace' | (() => Error);
}

/** True for the first event a bounded build must not apply. */
export type StopAt = (event: RecordedEvent) => boolean;

const REMAINING = `SELECT count(*)::float8 AS n FROM es.events
  WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint) AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())`;

async function create(pool: Pool, spec: BuildSpec, replace: boolean): Promise<BuildRow> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    if (replace) await dropSchema(client, spec.schema);
    await copySchemaTables(client, spec.projection.schema, spec.schema);
    const row = await startBuild(client, {
      targetSchema: spec.schema, projection: spec.projection.name, purpose: spec.purpose, version: spec.projection.version, untilMoment: spec.untilMoment ?? null,
    });
    await client.query('COMMIT');
    return row;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function canResume(pool: Pool, spec: BuildSpec, row: BuildRow): Promise<boolean> {
  if (row.projection !== spec.projection.name || row.purpose !== spec.purpose) {
    throw new Error(`schema ${spec.schema} holds an unfinished ${row.purpose} of ${row.projection}, not a ${spec.purpose} of ${spec.projection.name}`);
  }
  if (row.version !== spec.projection.version || row.untilMoment !== (spec.untilMoment ?? null)) return false;
  if (!(spec.resumable?.(row) ?? true)) return false;
  // A migration that changed the live tables since the build began makes its copies stale.
  return (await schemaShape(pool, spec.schema)) === (await schemaShape(pool, spec.projection.schema));
}

/**
 * Builds a projection into a schema of its own from the log, in chunks: batches are applied to views kept
 * in memory and every `chunkEvents` events (or `chunkMs`) the changed views and the build's checkpoint
 * commit together in one short transaction. A build that stops for any reason resumes from its last
 * committed chunk. One instance per schema at a time (see `lockBuild`); unusable after an error.
 */
export class SchemaBuild {
  private readonly store: PostgresEventStore;
  private pendingEvents = 0;
  private lastCommit = performance.now();
  private total = 0;
  private appliedHere = 0;

  private constructor(
    private readonly pool: Pool,
    private readonly spec: BuildSpec,
    private readonly writer: ProjectionWriter,
    private readonly options: BuildOptions,
    /** The checkpoint the build resumed from (`0:0` for a fresh one). */
    readonly resumedFrom: string,
    /** Checkpoint of the last event applied. */
    public checkpoint: string,
    /** Events applied, committed chunks of earlier runs included. */
    public events: number,
  ) {
    this.store = new PostgresEventStore(pool, { notify: false, ...(options.upcasters ? { upcasters: options.upcasters } : {}) });
  }

  /** Resumes the build in progress into `spec.schema`, or starts one with empty copies of the live tables. */
  static async open(pool: Pool, spec: BuildSpec, options: BuildOptions = {}): Promise<SchemaBuild> {
    const existing = await readBuild(pool, spec.schema);
    let row: BuildRow;
    if (existing && (await canResume(pool, spec, existing))) row = existing;
    else {
      const filled = !existing && (await schemaState(pool, spec.schema)) === 'filled';
      if (filled && spec.whenFilled !== 'replace') throw spec.whenFilled();
      row = await create(pool, spec, existing !== undefined || filled);
    }
    return new SchemaBuild(pool, spec, spec.projection.writer(spec.schema), options, row.checkpoint, row.checkpoint, row.events);
  }

  get schema(): string {
    return this.spec.schema;
  }

  /** Events the resumed build had committed before this run. */
  get resumedEvents(): number {
    return this.events - this.appliedHere;
  }

  /**
   * Applies the log after the build's checkpoint up to the visible head, or up to the event before the
   * first one `stopAt` rejects, committing chunks on the way. Answers the events applied and whether it
   * stopped at `stopAt`.
   */
  async fill(stopAt?: StopAt): Promise<{ applied: number; stopped: boolean }> {
    const batchSize = this.options.batchSize ?? 20_000;
    this.total = Math.max(this.total, this.events + (await this.remaining()));
    let applied = 0;
    let stopped = false;
    for await (const batch of this.store.readAllBatches(this.checkpoint, batchSize, this.options.readAhead ?? 3)) {
      this.options.signal?.throwIfAborted();
      const cut = stopAt ? batch.events.findIndex(stopAt) : -1;
      const events = cut >= 0 ? batch.events.slice(0, cut) : batch.events;
      if (events.length > 0) {
        await this.writer.apply(events, this.pool);
        this.advance(events);
        applied += events.length;
      }
      if (cut >= 0) {
        stopped = true;
        break;
      }
      const due = this.pendingEvents >= (this.options.chunkEvents ?? 100_000) || performance.now() - this.lastCommit >= (this.options.chunkMs ?? 2_000);
      if (due) await this.commit();
      else this.report(false);
    }
    if (this.pendingEvents > 0) await this.commit();
    return { applied, stopped };
  }

  /**
   * Applies what is left of the log (up to `stopAt`) through `tx` and writes it there: the last step of a
   * swap or a diff, inside their transaction. The build's record is not moved; the caller ends it.
   */
  async finishIn(tx: PoolClient, stopAt?: StopAt): Promise<number> {
    let applied = 0;
    for (;;) {
      const { events: batch } = await this.store.readAll(this.checkpoint, this.options.batchSize ?? 20_000, tx);
      const cut = stopAt ? batch.findIndex(stopAt) : -1;
      const events = cut >= 0 ? batch.slice(0, cut) : batch;
      if (events.length > 0) {
        await this.writer.apply(events, tx);
        this.advance(events);
        applied += events.length;
      }
      if (cut >= 0 || batch.length === 0) break;
    }
    await this.writer.flush(tx);
    this.pendingEvents = 0;
    return applied;
  }

  private advance(events: readonly RecordedEvent[]): void {
    this.checkpoint = (events[events.length - 1] as RecordedEvent).checkpoint;
    this.events += events.length;
    this.appliedHere += events.length;
    this.pendingEvents += events.length;
    this.total = Math.max(this.total, this.events);
  }

  private async commit(): Promise<void> {
    const client = await this.pool.connect();
    let failure: Error | undefined;
    try {
      await client.query('BEGIN');
      await this.writer.flush(client);
      await recordChunk(client, this.spec.schema, this.checkpoint, this.pendingEvents);
      await client.query('COMMIT');
    } catch (error) {
      failure = error as Error;
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release(failure);
    }
    this.pendingEvents = 0;
    this.lastCommit = performance.now();
    this.report(true);
  }

  private report(committed: boolean): void {
    this.options.onProgress?.({
      projection: this.spec.projection.name, schema: this.spec.schema, purpose: this.spec.purpose,
      events: this.events, total: this.total, checkpoint: this.checkpoint, committed,
    });
  }

  private async remaining(): Promise<number> {
    const [tx, pos] = this.checkpoint.split(':');
    const { rows } = await this.pool.query<{ n: number }>(REMAINING, [tx, pos]);
    return rows[0]?.n ?? 0;
  }
}
