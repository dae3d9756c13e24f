import { DatabaseError, type Pool } from 'pg';
import { type AppendParams } from './append-request';
import { IdempotencyKeyReusedError, WrongExpectedVersionError } from './errors';
import { pooledQuery } from './pooled-query';
import { type ExpectedVersion } from './types';

/** Options of group commit (see {@link GroupCommit}). */
export interface GroupCommitOptions {
  /** Batches in flight at once (default 2); while they run, new appends queue and go together in the next. */
  readonly maxInFlight?: number;
  /** Most appends in one batch (default 32). */
  readonly maxItems?: number;
}

/** What `es.append_stream` and `es.append_batch` return for an append that was applied or replayed. */
export interface StoredAppendResult {
  streams: { streamId: string; version: number }[];
  transactionId: string;
  position: number;
  types: string[];
  replayed: boolean;
}

/** A one-stream append, validated, as `buildAppendParams` made it. */
export interface OneStreamAppend {
  readonly params: AppendParams;
  readonly expectedVersion: ExpectedVersion;
}

interface Waiting extends OneStreamAppend {
  resolve(result: StoredAppendResult): void;
  reject(error: unknown): void;
}

type BatchOutcome = StoredAppendResult | { error: 'KE001'; streamId: string; actual: number | string | null } | { error: 'KE002' } | { error: 'busy' };

const APPEND_BATCH_SQL = 'SELECT es.append_batch($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11) AS result';

/**
 * Group commit: one-stream appends made at the same time by different callers go to Postgres together,
 * in one `es.append_batch` transaction, instead of one transaction (and one commit flush, one round trip)
 * each. No append waits for a timer: while `maxInFlight` batches run, new appends queue, and the queue
 * goes as the next batch as soon as one returns; with nothing in flight an append goes alone, exactly
 * as without group commit.
 *
 * Each append keeps its own outcome: its expected version and idempotency key are checked on its own,
 * and a conflict fails only that append. A batch waits for no stream lock: an append whose stream
 * another transaction holds at that moment goes alone (and waits there), so a batch neither holds up the
 * appends queued with it behind one busy stream nor deadlocks with a transaction that appends to several
 * streams in turn. If Postgres refuses the batch's statement (an event id already stored, a deadlock on
 * an idempotency key), nothing of it was written and every append in it is retried alone, so each gets
 * the outcome it would have had without group commit. Any other failure (the connection lost: the
 * batch may or may not have committed) fails every append in it with that error, as it would fail one
 * append alone.
 */
export class GroupCommit {
  private readonly queue: Waiting[] = [];
  private inFlight = 0;
  private readonly maxInFlight: number;
  private readonly maxItems: number;

  constructor(
    private readonly pool: Pool,
    /** Appends one item alone (`es.append_stream`), throwing the store's typed errors. */
    private readonly appendAlone: (append: OneStreamAppend) => Promise<StoredAppendResult>,
    options: GroupCommitOptions = {},
  ) {
    this.maxInFlight = options.maxInFlight ?? 2;
    this.maxItems = options.maxItems ?? 32;
    if (!Number.isInteger(this.maxInFlight) || this.maxInFlight < 1) throw new RangeError('groupCommit.maxInFlight: must be a positive integer');
    if (!Number.isInteger(this.maxItems) || this.maxItems < 1 || this.maxItems > 1000) throw new RangeError('groupCommit.maxItems: must be an integer from 1 to 1000');
  }

  /** Appends with the next batch; settles with this append's own outcome. */
  append(append: OneStreamAppend): Promise<StoredAppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...append, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxItems);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async run(batch: Waiting[]): Promise<void> {
    if (batch.length === 1) return this.alone(batch[0]!);
    let outcomes: BatchOutcome[];
    try {
      const { rows } = await pooledQuery<{ result: BatchOutcome[] }>(this.pool, { name: 'es_append_batch', text: APPEND_BATCH_SQL, values: batchParams(batch) });
      outcomes = rows[0]!.result;
    } catch (error) {
      if (!(error instanceof DatabaseError)) {
        for (const item of batch) item.reject(error);
        return;
      }
      // Postgres refused the statement, so the transaction rolled back as a whole: each append gets
      // its own outcome alone.
      await Promise.all(batch.map((item) => this.alone(item)));
      return;
    }
    const busy: Waiting[] = [];
    batch.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if ('error' in outcome && outcome.error === 'busy') busy.push(item);
      else settle(item, outcome);
    });
    // Streams another transaction held when the batch took its locks: appended alone, waiting for them,
    // without keeping this batch's slot (the next batch need not wait for that transaction).
    for (const item of busy) void this.alone(item);
  }

  private async alone(item: Waiting): Promise<void> {
    try {
      item.resolve(await this.appendAlone(item));
    } catch (error) {
      item.reject(error);
    }
  }
}

function settle(item: Waiting, outcome: Exclude<BatchOutcome, { error: 'busy' }>): void {
  if (!('error' in outcome)) return item.resolve(outcome);
  if (outcome.error === 'KE002') return item.reject(new IdempotencyKeyReusedError(item.params[11] ?? ''));
  item.reject(new WrongExpectedVersionError(outcome.streamId, item.expectedVersion, outcome.actual === null ? null : Number(outcome.actual)));
}

/** `es.append_batch`'s parameters: per-append arrays, and every append's events flattened in order. */
function batchParams(batch: readonly Waiting[]): unknown[] {
  const json = (items: string[]): string => `[${items.filter((item) => item !== '[]').map((item) => item.slice(1, -1)).join(',')}]`;
  return [
    batch.map((item) => item.params[0][0]),
    batch.map((item) => item.params[1][0]),
    batch.map((item) => item.params[2][0]),
    batch.map((item) => item.params[3][0]),
    batch.flatMap((item) => item.params[4]),
    batch.flatMap((item) => item.params[5]),
    batch.flatMap((item) => item.params[6]),
    json(batch.map((item) => item.params[9])),
    json(batch.map((item) => item.params[10])),
    batch.map((item) => item.params[11]),
    batch.map((item) => item.params[12]),
  ];
}
