import { type PostgresEventStore, Subscription } from '@keel/event-store';
import { projectEvents } from './projection/project-events';

/** Options of {@link ReadModelProjector}. */
export interface ReadModelProjectorOptions {
  /** Wake on NOTIFY (default true); turn off for PGlite and rely on `pollIntervalMs`. */
  readonly listen?: boolean;
  readonly pollIntervalMs?: number;
  /** Durable subscription name (default `read-models`). */
  readonly name?: string;
  /** Events per batch (default 1000). */
  readonly batchSize?: number;
  /** Called when a batch fails; the subscription retries it with backoff. */
  readonly onError?: (error: unknown, attempt: number) => void;
  /** Pause after a batch before reading the next (default 0); see the subscription's `lingerMs`. */
  readonly lingerMs?: number;
  /** Called whenever the read models' committed checkpoint moves. */
  readonly onCheckpoint?: (checkpoint: string) => void;
}

/** Name of the subscription that keeps the read models. */
export const READ_MODELS_SUBSCRIPTION = 'read-models';

/**
 * Keeps every read model up to date: one durable {@link Subscription} whose batch handler projects the
 * events through the transaction that also moves its checkpoint (exactly-once effect).
 */
export class ReadModelProjector {
  private readonly subscription: Subscription;

  constructor(store: PostgresEventStore, options: ReadModelProjectorOptions = {}) {
    this.subscription = new Subscription(store, {
      name: options.name ?? READ_MODELS_SUBSCRIPTION,
      handler: projectEvents,
      batchSize: options.batchSize ?? 1000,
      ...(options.listen === undefined ? {} : { listen: options.listen }),
      ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
      ...(options.onError === undefined ? {} : { onError: options.onError }),
      ...(options.onCheckpoint === undefined ? {} : { onCheckpoint: options.onCheckpoint }),
      ...(options.lingerMs === undefined ? {} : { lingerMs: options.lingerMs }),
    });
  }

  /** The checkpoint the read models have committed. */
  get checkpoint(): string {
    return this.subscription.checkpoint;
  }

  /** True while this instance holds the subscription's lease. */
  get isActive(): boolean {
    return this.subscription.isActive;
  }

  /** Starts projecting in the background. */
  start(): Promise<void> {
    return this.subscription.start();
  }

  /** Finishes the batch in flight and stops. */
  stop(): Promise<void> {
    return this.subscription.stop();
  }

  /** Resolves once the read models include `checkpoint` (read-your-writes); rejects after `timeoutMs`. */
  waitFor(checkpoint: string, timeoutMs = 10_000): Promise<void> {
    return this.subscription.waitFor(checkpoint, timeoutMs);
  }
}
