import { type Pool, type PoolClient, type QueryResultRow } from 'pg';
import { AppendNotifier } from './append-notifier';
import { buildAppendParams } from './append-request';
import { appendStatement, type AppendStatementRow, EVENT_ID_UNIQUE, STREAM_VERSION_UNIQUE } from './append-statement';
import { type Checkpoint, formatCheckpoint, parseCheckpoint, START } from './checkpoint';
import { GroupCommit, type GroupCommitOptions, type OneStreamAppend, type StoredAppendResult } from './group-commit';
import { compareLogOrder } from './log-order';
import { pooledQuery } from './pooled-query';
import { IdempotencyKeyReusedError, InvalidAppendError, StreamOrderConflictError, WrongExpectedVersionError } from './errors';
import { EVENT_COLUMNS, EVENT_JSON_ARRAY, toRecordedEvent } from './row-mapping';
import { type AppendOptions, type AppendResult, type ExpectedVersion, type NewEvent, type RecordedEvent, type StreamAppend } from './types';
import { type UpcasterRegistry } from './upcasters';

/** Options of {@link PostgresEventStore}. */
export interface EventStoreOptions {
  /** Upcasters applied on every read. */
  readonly upcasters?: UpcasterRegistry;
  /** Notify listeners after appends so subscriptions wake at once (default true). */
  readonly notify?: boolean;
  /**
   * Group commit for one-stream appends made through the pool (see {@link GroupCommit}): concurrent
   * appends share one transaction and round trip, each with its own outcome. Off by default; a service
   * with many concurrent writers (the API) turns it on.
   */
  readonly groupCommit?: GroupCommitOptions | boolean;
}

/** A batch of the global log and the checkpoint to continue from. */
export interface GlobalReadResult {
  readonly events: RecordedEvent[];
  /** Checkpoint of the last event returned, or the `after` checkpoint when none was. */
  readonly checkpoint: string;
}

/** The oldest running transaction, which keeps newer events invisible to global reads. */
export interface HorizonBlocker {
  readonly pid: number;
  readonly database: string | null;
  readonly state: string | null;
  readonly ageSeconds: number;
  readonly query: string | null;
}

const APPEND_SQL = 'SELECT es.append_events($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, $12, $13, $14) AS result';
/** The one-stream case (most appends): same guarantees, a cheaper function (~28% more appends/s on the server). */
const APPEND_STREAM_SQL = 'SELECT es.append_stream($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10, $11) AS result';
// The batch is aggregated without an ORDER BY inside json_agg: a second sort of the 10k rows cost ~30%
// of the read. The subquery's order normally survives the aggregate; parseBatch checks it and sorts in
// the case it did not, so the order guarantee never rests on the planner.
const READ_ALL_SQL = `SELECT coalesce(json_agg(${EVENT_JSON_ARRAY}), '[]')::text
  FROM (SELECT * FROM es.events
         WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
           AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
         ORDER BY transaction_id, global_position LIMIT $3) AS batch`;
const VISIBLE_AFTER = `(transaction_id, global_position) > ($1::xid8, $2::bigint) AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())`;
const BATCH_END_SQL = `SELECT coalesce(
  (SELECT transaction_id::text || ':' || global_position FROM es.events WHERE ${VISIBLE_AFTER}
    ORDER BY transaction_id, global_position OFFSET $3::int - 1 LIMIT 1),
  (SELECT transaction_id::text || ':' || global_position FROM es.events WHERE ${VISIBLE_AFTER}
    ORDER BY transaction_id DESC, global_position DESC LIMIT 1))`;
const READ_RANGE_SQL = `SELECT coalesce(json_agg(${EVENT_JSON_ARRAY}), '[]')::text
  FROM (SELECT * FROM es.events
         WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
           AND (transaction_id, global_position) <= ($3::xid8, $4::bigint)
         ORDER BY transaction_id, global_position) AS batch`;
const UNREAD_AFTER_SQL = `SELECT EXISTS (SELECT 1 FROM es.events
  WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)) AS unread`;
const READ_STREAM_SQL = `SELECT ${EVENT_COLUMNS} FROM es.events
  WHERE stream_id = $1 AND stream_version >= $2 AND stream_version <= $3 ORDER BY stream_version LIMIT $4`;

/** Something that runs queries: the pool, or a client inside a transaction. */
export type Queryable = Pick<Pool | PoolClient, 'query'>;

/**
 * Postgres event store. Appends are one round trip to `es.append_events` (expected versions, idempotency
 * and stream locks all enforced in SQL); global reads never skip an event whose transaction commits late.
 */
export class PostgresEventStore {
  private readonly notifier: AppendNotifier | undefined;
  /** Clients of callers' transactions that appended: they notify when the caller commits. */
  private readonly appendedIn = new WeakSet<object>();
  private readonly groupCommit: GroupCommit | undefined;

  constructor(
    readonly pool: Pool,
    private readonly options: EventStoreOptions = {},
  ) {
    this.notifier = options.notify === false ? undefined : new AppendNotifier(pool);
    const groupCommit = options.groupCommit;
    this.groupCommit = groupCommit ? new GroupCommit(pool, (append) => this.appendAlone(append, pool), groupCommit === true ? {} : groupCommit) : undefined;
  }

  /** The upcasters this store applies on reads. */
  get upcasters(): UpcasterRegistry | undefined {
    return this.options.upcasters;
  }

  /**
   * Appends events to one stream.
   * @throws WrongExpectedVersionError when the stream's version is not `options.expectedVersion` (default `'any'`).
   * @throws InvalidAppendError on bad input (nothing is written).
   * @throws IdempotencyKeyReusedError when the key was used for a different request.
   */
  async appendToStream(streamId: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    const append: StreamAppend = { streamId, events, expectedVersion: options.expectedVersion ?? 'any', streamType: options.streamType };
    return this.appendToStreams([append], options);
  }

  /** Appends to several streams in one transaction: all or nothing. Same errors as {@link appendToStream}. */
  async appendToStreams(
    appends: readonly StreamAppend[],
    options: Pick<AppendOptions, 'idempotencyKey' | 'requestHash'> = {},
    client: Queryable = this.pool,
  ): Promise<AppendResult> {
    const params = buildAppendParams(appends, options.idempotencyKey, options.requestHash, false);
    let stored: StoredAppendResult;
    if (appends.length === 1) {
      const append: OneStreamAppend = { params, expectedVersion: appends[0]!.expectedVersion };
      stored = this.groupCommit && client === this.pool ? await this.groupCommit.append(append) : await this.appendAlone(append, client);
    } else {
      try {
        stored = await this.appendQuery({ name: 'es_append_events', text: APPEND_SQL, values: params }, client);
      } catch (error) {
        throw translateError(error, appends, options.idempotencyKey);
      }
    }
    const appended = toAppendResult(stored);
    // Inside a caller's transaction the events are not visible yet: notify when it commits.
    if (!appended.replayed) {
      if (client === this.pool) this.notifier?.notify();
      else this.appendedIn.add(client);
    }
    return appended;
  }

  /** Runs an append query: on the pool keeping the connection when Postgres refuses it, or on the caller's client. */
  private async appendRows<R extends QueryResultRow>(query: { name: string; text: string; values: unknown[] }, client: Queryable): Promise<R[]> {
    const result = client === this.pool ? await pooledQuery<R>(this.pool, query) : await client.query<R>(query);
    return result.rows;
  }

  /** Runs an append function and returns its stored result. */
  private async appendQuery(query: { name: string; text: string; values: unknown[] }, client: Queryable): Promise<StoredAppendResult> {
    return (await this.appendRows<{ result: StoredAppendResult }>(query, client))[0]!.result;
  }

  /**
   * One stream, errors translated. Made on the pool, an exact expected version without an idempotency
   * key goes first as one SQL statement ({@link appendStatement}): a unique violation on the stream's
   * next version is a conflict, whose actual version is then read on the pool; no row — event `n` was
   * not in the statement's snapshot — sends the append through `es.append_stream`, which decides under
   * the stream lock on a fresh snapshot. Every other one-stream append goes through `es.append_stream`,
   * including every append in a caller's transaction: a conflict there aborts the transaction (or the
   * caller's savepoint), so the actual version could only be read on another connection, which the
   * caller may be holding the pool's last of (the embedded database has one).
   */
  private async appendAlone({ params, expectedVersion }: OneStreamAppend, client: Queryable): Promise<StoredAppendResult> {
    const streamId = params[0][0]!;
    const statement = client === this.pool ? appendStatement(params) : undefined;
    if (statement !== undefined) {
      let row: AppendStatementRow | undefined;
      try {
        [row] = await this.appendRows<AppendStatementRow>(statement, client);
      } catch (error) {
        const constraint = (error as { constraint?: string }).constraint;
        if (constraint === STREAM_VERSION_UNIQUE) throw new WrongExpectedVersionError(streamId, expectedVersion, await this.streamVersion(streamId));
        // An event id already stored (Postgres checks that index first): typically the retry of an append
        // that committed. es.append_stream decides it: a version conflict if the stream moved.
        if (constraint !== EVENT_ID_UNIQUE) throw error;
      }
      if (row !== undefined) {
        return {
          streams: [{ streamId, version: Number(row.stream_version) }],
          transactionId: row.transaction_id,
          position: Number(row.global_position),
          types: params[5],
          replayed: false,
        };
      }
    }
    try {
      const values = [streamId, params[1][0], params[2][0], params[4], params[5], params[6], params[9], params[10], params[11], params[12], params[13]];
      return await this.appendQuery({ name: 'es_append_stream', text: APPEND_STREAM_SQL, values }, client);
    } catch (error) {
      throw translateError(error, [{ streamId, expectedVersion, events: [] }], params[11] ?? undefined);
    }
  }

  /**
   * Tells the store that a caller's transaction on `client` ended. If it committed after appending
   * through that client, subscribers are notified now, as for an append outside a transaction.
   */
  transactionEnded(client: Queryable, committed: boolean): void {
    if (this.appendedIn.delete(client) && committed) this.notifier?.notify();
  }

  /**
   * The stored result of an append made with `idempotencyKey`, and the hash of the request that made it,
   * or `undefined` when the key is unused. Lets a caller answer a retry before re-deciding.
   */
  async idempotentResult(idempotencyKey: string, client: Queryable = this.pool): Promise<{ requestHash: string; result: AppendResult } | undefined> {
    const { rows } = await client.query<{ request_hash: string; result: StoredAppendResult | null }>(
      'SELECT request_hash, result FROM es.idempotency_keys WHERE key = $1',
      [idempotencyKey],
    );
    const row = rows[0];
    return row?.result ? { requestHash: row.request_hash, result: { ...toAppendResult(row.result), replayed: true } } : undefined;
  }

  /** Reads a stream's events in version order, from `fromVersion` (1-based, inclusive) up to `toVersion`. */
  async readStream(
    streamId: string,
    range: { fromVersion?: number; toVersion?: number; maxCount?: number } = {},
    client: Queryable = this.pool,
  ): Promise<RecordedEvent[]> {
    const from = range.fromVersion ?? 1;
    const to = range.toVersion ?? Number.MAX_SAFE_INTEGER;
    const max = range.maxCount ?? 1_000_000;
    if (!Number.isSafeInteger(from) || from < 1) throw new InvalidAppendError('fromVersion', 'must be a positive integer');
    if (!Number.isSafeInteger(max) || max < 1) throw new InvalidAppendError('maxCount', 'must be a positive integer');
    const result = await client.query({ name: 'es_read_stream', text: READ_STREAM_SQL, values: [streamId, from, to, max], rowMode: 'array' });
    return result.rows.map((row: unknown[]) => toRecordedEvent(row, this.options.upcasters));
  }

  /** The current version of a stream (its number of events), or `null` when it does not exist. */
  async streamVersion(streamId: string, client: Queryable = this.pool): Promise<number | null> {
    const result = await client.query<{ version: string | null }>('SELECT max(stream_version) AS version FROM es.events WHERE stream_id = $1', [streamId]);
    const version = result.rows[0]!.version;
    return version === null ? null : Number(version);
  }

  /**
   * Reads the global log after a checkpoint, in (transaction, position) order. Only events of transactions
   * older than every running transaction are returned, so nothing that commits later can land behind
   * the returned checkpoint.
   */
  async readAll(after: string | Checkpoint = START, limit = 1000, client: Queryable = this.pool): Promise<GlobalReadResult> {
    const from = typeof after === 'string' ? parseCheckpoint(after) : after;
    if (!Number.isSafeInteger(limit) || limit < 1) throw new InvalidAppendError('limit', 'must be a positive integer');
    const result = await client.query<[string]>({
      name: 'es_read_all',
      text: READ_ALL_SQL,
      values: [from.transactionId.toString(), from.position.toString(), limit],
      rowMode: 'array',
    });
    const events = this.parseBatch(result.rows[0]![0]);
    const last = events[events.length - 1];
    return { events, checkpoint: last ? last.checkpoint : formatCheckpoint(from) };
  }

  /**
   * Reads the whole global log from `after` in batches (for rebuilds, replays and exports), with
   * `parallel` batches in flight on separate connections. A cheap index-only query first fixes each
   * batch's last checkpoint under the visibility horizon; every event up to it belongs to a transaction
   * that has ended, so reading the range later (on any connection) returns exactly the same events.
   */
  async *readAllBatches(after: string | Checkpoint = START, batchSize = 10_000, parallel = 2): AsyncGenerator<GlobalReadResult> {
    let from = typeof after === 'string' ? after : formatCheckpoint(after);
    let exhausted = false;
    const inFlight: Promise<GlobalReadResult>[] = [];
    for (;;) {
      while (!exhausted && inFlight.length < parallel) {
        const end = await this.batchEnd(from, batchSize);
        if (end === null) exhausted = true;
        else {
          const range = this.readRange(from, end);
          // A consumer that stops early leaves reads in flight; their failure must not crash the process.
          range.catch(() => undefined);
          inFlight.push(range);
          from = end;
        }
      }
      const next = inFlight.shift();
      if (!next) return;
      yield await next;
    }
  }

  /** Checkpoint of the `limit`-th visible event after `after`, or of the last one; null when none. */
  private async batchEnd(after: string, limit: number): Promise<string | null> {
    const from = parseCheckpoint(after);
    const { rows } = await this.pool.query<[string | null]>({ name: 'es_batch_end', text: BATCH_END_SQL, values: [from.transactionId.toString(), from.position.toString(), limit], rowMode: 'array' });
    return rows[0]![0];
  }

  private async readRange(after: string, through: string): Promise<GlobalReadResult> {
    const from = parseCheckpoint(after);
    const to = parseCheckpoint(through);
    const values = [from.transactionId.toString(), from.position.toString(), to.transactionId.toString(), to.position.toString()];
    const result = await this.pool.query<[string]>({ name: 'es_read_range', text: READ_RANGE_SQL, values, rowMode: 'array' });
    return { events: this.parseBatch(result.rows[0]![0]), checkpoint: through };
  }

  private parseBatch(json: string): RecordedEvent[] {
    const events = (JSON.parse(json) as unknown[][]).map((row) => toRecordedEvent(row, this.options.upcasters));
    for (let i = 1; i < events.length; i++) {
      if (compareLogOrder(events[i - 1]!, events[i]!) > 0) return events.sort(compareLogOrder);
    }
    return events;
  }

  /**
   * True when committed events after `after` exist, whether global reads can return them yet or not. A
   * reader whose read from `after` came back empty retries soon when this is true instead of waiting for
   * the next NOTIFY: the events wait behind the visibility horizon (an older transaction still runs), or
   * became visible after its read. (Checking only for events still hidden lost a wake-up when the
   * horizon moved between the read and the check.)
   */
  async unreadAfter(after: string, client: Queryable = this.pool): Promise<boolean> {
    const from = parseCheckpoint(after);
    const { rows } = await client.query<{ unread: boolean }>({ name: 'es_unread_after', text: UNREAD_AFTER_SQL, values: [from.transactionId.toString(), from.position.toString()] });
    return rows[0]?.unread ?? false;
  }

  /** Checkpoint of the newest event visible to global readers (the head of the log). */
  async headCheckpoint(client: Queryable = this.pool): Promise<string> {
    const result = await client.query<{ tx: string; pos: string }>(
      `SELECT transaction_id::text AS tx, global_position::text AS pos FROM es.events
        WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    );
    const row = result.rows[0];
    return row ? `${row.tx}:${row.pos}` : formatCheckpoint(START);
  }

  /**
   * When global reads stop advancing, tells what holds the visibility horizon back: the oldest running
   * transaction in the cluster (any database), or `null` when none is older than `minAgeSeconds`.
   */
  async horizonBlocker(minAgeSeconds = 0, client: Queryable = this.pool): Promise<HorizonBlocker | null> {
    const result = await client.query<{ pid: number; datname: string | null; state: string | null; age: number; query: string | null }>(
      `SELECT pid, datname, state, extract(epoch FROM now() - xact_start)::float8 AS age, query
         FROM pg_stat_activity
        WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()
          AND xact_start <= now() - make_interval(secs => $1)
        ORDER BY age(backend_xid) DESC LIMIT 1`,
      [minAgeSeconds],
    );
    const row = result.rows[0];
    return row ? { pid: row.pid, database: row.datname, state: row.state, ageSeconds: row.age, query: row.query } : null;
  }
}

function toAppendResult(stored: StoredAppendResult): AppendResult {
  return {
    streams: stored.streams,
    nextExpectedVersion: stored.streams[0]!.version,
    checkpoint: `${stored.transactionId}:${stored.position}`,
    eventTypes: stored.types,
    replayed: stored.replayed,
  };
}

function translateError(error: unknown, appends: readonly StreamAppend[], idempotencyKey: string | undefined): unknown {
  const pgError = error as { code?: string; detail?: string };
  // KE001: a wrong expected version; KE003: the stream's order in the global log. Both carry {streamId, actual}.
  if ((pgError.code === 'KE001' || pgError.code === 'KE003') && pgError.detail) {
    const detail = JSON.parse(pgError.detail) as { streamId: string; actual: number | null };
    const expected: ExpectedVersion = appends.find((a) => a.streamId === detail.streamId)?.expectedVersion ?? 'any';
    const Conflict = pgError.code === 'KE001' ? WrongExpectedVersionError : StreamOrderConflictError;
    return new Conflict(detail.streamId, expected, detail.actual === null ? null : Number(detail.actual));
  }
  if (pgError.code === 'KE002') return new IdempotencyKeyReusedError(idempotencyKey ?? '');
  return error;
}
