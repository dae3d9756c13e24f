import { AppendListener } from './append-listener';
import { type GlobalReadResult, type PostgresEventStore } from './event-store';
import { WakeSignal } from './wake-signal';

/** Retry interval while committed events are hidden behind an older running transaction. */
const HIDDEN_RETRY_MS = 20;

/** Options of {@link LogFollower}. */
export interface LogFollowerOptions {
  /** Wake on LISTEN/NOTIFY (one connection for every reader); false on embedded PGlite (default true). */
  readonly listen?: boolean;
  /** Poll interval at the head of the log: the fallback when a notification is missed (default 1000 ms). */
  readonly pollIntervalMs?: number;
  /** Events per read (default 500). */
  readonly batchSize?: number;
}

/**
 * Follows the global log live for any number of readers: each reads batches after its own checkpoint
 * (never skipping an event whose transaction commits late, like every global read), and at the head
 * waits for the next append. One LISTEN connection wakes them all; polling is the fallback. While
 * committed events hide behind an older running transaction (a NOTIFY can arrive before the visibility
 * horizon moves), a reader retries every 20 ms instead.
 */
export class LogFollower {
  private readonly waiters = new Set<WakeSignal>();
  private listener: AppendListener | undefined;
  private stopped = false;

  constructor(
    private readonly store: PostgresEventStore,
    private readonly options: LogFollowerOptions = {},
  ) {}

  async start(): Promise<void> {
    if (!(this.options.listen ?? true)) return;
    this.listener = new AppendListener(this.store.pool.options, () => this.waiters.forEach((waiter) => waiter.wake()));
    await this.listener.start();
  }

  /** Ends every follow (their generators return) and closes the LISTEN connection. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.waiters.forEach((waiter) => waiter.wake());
    await this.listener?.stop();
  }

  /**
   * Batches of events after checkpoint `after`, then each new batch as it commits, until `signal` aborts
   * or the follower stops. The next batch is read only when the caller asks for it, so a slow consumer
   * holds at most one batch in memory.
   */
  async *follow(after: string, signal: AbortSignal): AsyncGenerator<GlobalReadResult> {
    const waiter = new WakeSignal();
    const wake = (): void => waiter.wake();
    this.waiters.add(waiter);
    signal.addEventListener('abort', wake, { once: true });
    try {
      let checkpoint = after;
      while (!signal.aborted && !this.stopped) {
        const batch = await this.store.readAll(checkpoint, this.options.batchSize ?? 500);
        checkpoint = batch.checkpoint;
        if (batch.events.length > 0) yield batch;
        else await waiter.wait((await this.store.unreadAfter(checkpoint)) ? HIDDEN_RETRY_MS : (this.options.pollIntervalMs ?? 1000));
      }
    } finally {
      this.waiters.delete(waiter);
      signal.removeEventListener('abort', wake);
    }
  }

  /** Number of follows in progress. */
  get following(): number {
    return this.waiters.size;
  }
}
