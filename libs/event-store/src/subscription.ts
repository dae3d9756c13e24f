import { randomUUID } from 'node:crypto';
import { type PoolClient } from 'pg';
import { AppendListener } from './append-listener';
import { CheckpointWatch } from './checkpoint-watch';
import { formatCheckpoint, parseCheckpoint } from './checkpoint';
import { SubscriptionLeaseLostError } from './errors';
import { type GlobalReadResult, type HorizonBlocker, type PostgresEventStore, type Queryable } from './event-store';
import { type RecordedEvent } from './types';
import { WakeSignal } from './wake-signal';

/**
 * Handles one batch inside the transaction that also moves the checkpoint: writes made through `tx`
 * commit together with the checkpoint (exactly-once effect), or not at all.
 */
export type BatchHandler = (events: readonly RecordedEvent[], tx: PoolClient) => Promise<void>;

/** Options of a durable, named subscription to the global log. */
export interface SubscriptionOptions {
  /** Durable consumer name; one active instance per name at a time. */
  readonly name: string;
  readonly handler: BatchHandler;
  readonly batchSize?: number;
  /** Polling interval when no notification arrives (the fallback for LISTEN/NOTIFY). Default 1000 ms. */
  readonly pollIntervalMs?: number;
  /** Lease length; a crashed instance's lease expires after this. Default 15 s. */
  readonly leaseMs?: number;
  /** Wake on NOTIFY (default true). Turn off where NOTIFY is not delivered (PGlite). */
  readonly listen?: boolean;
  readonly instanceId?: string;
  /** Called when a batch fails; the batch is retried with backoff. */
  readonly onError?: (error: unknown, attempt: number) => void;
  /** Called when newer events stay invisible for `stallAfterMs` because an old transaction is running. */
  readonly onStall?: (blocker: HorizonBlocker | null) => void;
  readonly stallAfterMs?: number;
  /**
   * Read the next batch while the handler runs (default false): for handlers that wait on something
   * else (a broker's ack), so reading and handling overlap. A prefetched batch is dropped when its batch
   * fails, so nothing is skipped.
   */
  readonly readAhead?: boolean;
  /**
   * Pause after a batch before reading the next (default 0): under a steady stream of small appends the
   * batches get larger and fewer, trading at most this much latency for less work per event.
   */
  readonly lingerMs?: number;
  /** Called whenever the committed checkpoint moves (after acquiring the lease and after each batch). */
  readonly onCheckpoint?: (checkpoint: string) => void;
}

const ACQUIRE = `UPDATE es.subscriptions
    SET owner = $2, fencing_token = fencing_token + 1, lease_until = now() + make_interval(secs => $3), updated_at = now()
  WHERE name = $1 AND (owner IS NULL OR owner = $2 OR lease_until < now())
  RETURNING fencing_token::text, checkpoint_tx::text, checkpoint_pos::text`;
// A plain read, not FOR UPDATE: a row lock would assign the batch transaction an xid at once and hold the
// cluster-wide visibility horizon for the whole handler. The fencing check on the checkpoint update is
// what guarantees a stale instance cannot commit.
const HOLDS_LEASE = 'SELECT 1 FROM es.subscriptions WHERE name = $1 AND owner = $2 AND fencing_token = $3';
const COMMIT_CHECKPOINT = `UPDATE es.subscriptions
    SET checkpoint_tx = $4::xid8, checkpoint_pos = $5, lease_until = now() + make_interval(secs => $6), updated_at = now()
  WHERE name = $1 AND owner = $2 AND fencing_token = $3`;
const RENEW = `UPDATE es.subscriptions SET lease_until = now() + make_interval(secs => $4)
  WHERE name = $1 AND owner = $2 AND fencing_token = $3`;
const RELEASE = 'UPDATE es.subscriptions SET owner = NULL, lease_until = NULL WHERE name = $1 AND owner = $2 AND fencing_token = $3';
/** Retry interval while committed events are hidden behind an older running transaction. */
const BLOCKED_RETRY_MS = 20;
/**
 * A durable named consumer of the global log. Holds a lease (with a fencing token) on its row in
 * `es.subscriptions`; a standby instance with the same name stays passive until the lease is released or
 * expires. Each batch runs in one transaction that calls the handler and moves the checkpoint only if
 * the fencing token is still ours, so a crash between handling and commit re-delivers the batch without
 * a duplicate effect, and an instance that lost its lease mid-batch cannot commit.
 */
export class Subscription {
  readonly instanceId: string;
  private readonly watch = new CheckpointWatch();
  private readonly signal = new WakeSignal();
  private listener: AppendListener | undefined;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private fencing: string | undefined;
  private stalledSince: number | undefined;
  private lastRenew = 0;
  /** The batch after `prefetchedFrom`, read while the previous batch was handled. */
  private prefetched: Promise<GlobalReadResult> | undefined;
  private prefetchedFrom: string | undefined;

  constructor(
    private readonly store: PostgresEventStore,
    private readonly options: SubscriptionOptions,
  ) {
    this.instanceId = options.instanceId ?? randomUUID();
  }

  /** The last committed checkpoint this instance knows of. */
  get checkpoint(): string {
    return this.current;
  }

  /** True while this instance holds the lease. */
  get isActive(): boolean {
    return this.fencing !== undefined;
  }

  /** Starts consuming in the background. */
  async start(): Promise<void> {
    await this.store.pool.query('INSERT INTO es.subscriptions (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [this.options.name]);
    if (this.options.listen ?? true) {
      this.listener = new AppendListener(this.store.pool.options, () => this.signal.wake());
      await this.listener.start();
    }
    this.loop = this.run();
  }

  /** Finishes the batch in flight, releases the lease and stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.signal.wake();
    await this.loop;
    await this.prefetched?.catch(() => undefined);
    this.prefetched = undefined;
    await this.listener?.stop();
    if (this.fencing !== undefined) {
      await this.store.pool.query(RELEASE, [this.options.name, this.instanceId, this.fencing]).catch(() => undefined);
      this.fencing = undefined;
    }
  }

  /** Resolves once the committed checkpoint reaches `token`; rejects after `timeoutMs`. */
  async waitFor(token: string, timeoutMs = 10_000): Promise<void> {
    parseCheckpoint(token);
    if (!(await this.watch.reached(token, timeoutMs))) {
      throw new Error(`subscription ${this.options.name} did not reach ${token} within ${timeoutMs} ms (at ${this.current})`);
    }
  }

  private async run(): Promise<void> {
    const poll = this.options.pollIntervalMs ?? 1000;
    const linger = this.options.lingerMs ?? 0;
    let attempt = 0;
    while (!this.stopping) {
      try {
        if (this.fencing === undefined && !(await this.acquire())) {
          await this.signal.wait(poll);
          continue;
        }
        const waitMs = await this.step();
        attempt = 0;
        if (waitMs > 0) await this.signal.wait(waitMs);
        else if (linger > 0 && !this.stopping) await new Promise((resolve) => setTimeout(resolve, linger));
      } catch (error) {
        attempt += 1;
        if (error instanceof SubscriptionLeaseLostError) this.fencing = undefined;
        this.options.onError?.(error, attempt);
        await this.signal.wait(Math.min(30_000, 50 * 2 ** Math.min(attempt, 10)));
      }
    }
  }

  private async acquire(): Promise<boolean> {
    const lease = this.leaseSeconds();
    const { rows } = await this.store.pool.query<{ fencing_token: string; checkpoint_tx: string; checkpoint_pos: string }>(ACQUIRE, [
      this.options.name,
      this.instanceId,
      lease,
    ]);
    const row = rows[0];
    if (!row) return false;
    this.fencing = row.fencing_token;
    this.lastRenew = Date.now();
    this.advance(formatCheckpoint({ transactionId: BigInt(row.checkpoint_tx), position: BigInt(row.checkpoint_pos) }));
    return true;
  }

  /**
   * Reads and handles one batch. Answers how long to wait before the next step: 0 after a batch, a short
   * retry while committed events wait behind an older running transaction (a NOTIFY may arrive before
   * the horizon moves), the polling interval otherwise.
   */
  private async step(): Promise<number> {
    const batchSize = this.options.batchSize ?? 500;
    const read = this.prefetched !== undefined && this.prefetchedFrom === this.current ? this.prefetched : this.store.readAll(this.current, batchSize);
    this.prefetched = undefined;
    const { events, checkpoint } = await read;
    if (events.length === 0) {
      const waiting = await this.idle();
      const poll = this.options.pollIntervalMs ?? 1000;
      return waiting ? Math.min(poll, BLOCKED_RETRY_MS) : poll;
    }
    this.stalledSince = undefined;
    if (this.options.readAhead) {
      this.prefetchedFrom = checkpoint;
      this.prefetched = this.store.readAll(checkpoint, batchSize);
      // Observed when used; a failed read-ahead is simply read again.
      this.prefetched.catch(() => undefined);
    }
    await this.commitBatch(events, checkpoint);
    return 0;
  }

  private async commitBatch(events: readonly RecordedEvent[], checkpoint: string): Promise<void> {
    const client = await this.store.pool.connect();
    let broken: Error | undefined;
    const onConnectionError = (error: Error): void => {
      broken = error;
    };
    client.on('error', onConnectionError);
    try {
      await client.query('BEGIN');
      const held = await client.query({ name: 'es_subscription_holds_lease', text: HOLDS_LEASE, values: [this.options.name, this.instanceId, this.fencing] });
      if (held.rowCount === 0) throw new SubscriptionLeaseLostError(this.options.name);
      await this.options.handler(events, client);
      const { transactionId, position } = parseCheckpoint(checkpoint);
      const args = [this.options.name, this.instanceId, this.fencing, transactionId.toString(), position.toString(), this.leaseSeconds()];
      const moved = await client.query({ name: 'es_subscription_commit', text: COMMIT_CHECKPOINT, values: args });
      if (moved.rowCount === 0) throw new SubscriptionLeaseLostError(this.options.name);
      await client.query('COMMIT');
      this.store.transactionEnded(client, true);
      this.lastRenew = Date.now();
      this.advance(checkpoint);
    } catch (error) {
      broken = error as Error;
      await client.query('ROLLBACK').catch(() => undefined);
      this.store.transactionEnded(client, false);
      throw error;
    } finally {
      client.off('error', onConnectionError);
      client.release(broken);
    }
  }

  /** Renews the lease when due; true when committed events are waiting behind the horizon. */
  private async idle(): Promise<boolean> {
    const lease = this.leaseSeconds();
    if (Date.now() - this.lastRenew > (lease * 1000) / 3) {
      const renewed = await this.store.pool.query(RENEW, [this.options.name, this.instanceId, this.fencing, lease]);
      if (renewed.rowCount === 0) throw new SubscriptionLeaseLostError(this.options.name);
      this.lastRenew = Date.now();
    }
    return this.detectStall();
  }

  private async detectStall(): Promise<boolean> {
    if (!(await this.store.unreadAfter(this.current))) {
      this.stalledSince = undefined;
      return false;
    }
    this.stalledSince ??= Date.now();
    if (this.options.onStall && Date.now() - this.stalledSince >= (this.options.stallAfterMs ?? 5000)) {
      this.options.onStall(await this.store.horizonBlocker());
      this.stalledSince = Date.now();
    }
    return true;
  }

  private advance(checkpoint: string): void {
    this.watch.set(checkpoint);
    this.options.onCheckpoint?.(checkpoint);
  }

  /** The committed checkpoint as this instance knows it. */
  private get current(): string {
    return this.watch.current;
  }

  private leaseSeconds(): number {
    return (this.options.leaseMs ?? 15_000) / 1000;
  }
}

/**
 * The checkpoint durable subscription `name` has committed (`0:0` when it has not run yet), for processes
 * that watch a subscription running elsewhere; `lock` locks its row for the caller's transaction.
 */
export async function committedCheckpoint(db: Queryable, name: string, lock: '' | 'FOR SHARE' | 'FOR UPDATE' = ''): Promise<string> {
  const { rows } = await db.query<{ c: string }>(`SELECT checkpoint_tx::text || ':' || checkpoint_pos AS c FROM es.subscriptions WHERE name = $1 ${lock}`, [name]);
  return rows[0]?.c ?? '0:0';
}
