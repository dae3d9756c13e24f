import { type PostgresEventStore, Subscription } from '@keel/event-store';
import { type EventBus } from './event-bus';

/** Name of the relay's durable subscription. */
export const KAFKA_RELAY_SUBSCRIPTION = 'kafka-relay';

/** Options of {@link OutboxRelay}. */
export interface OutboxRelayOptions {
  /** Durable subscription name (default `kafka-relay`); one active instance per name. */
  readonly name?: string;
  readonly batchSize?: number;
  readonly pollIntervalMs?: number;
  /** Wake on NOTIFY (default true). */
  readonly listen?: boolean;
  readonly onError?: (error: unknown, attempt: number) => void;
  /** Pause after a batch before reading the next (default 0): fewer, larger publishes under a steady trickle. */
  readonly lingerMs?: number;
}

/**
 * The event table is the outbox: a durable, checkpointed {@link Subscription} publishes each batch of the
 * global log to the bus and only returns after the broker acknowledged it, so the checkpoint moves only
 * after the ack. A crash between the ack and the checkpoint commit publishes the batch again: consumers
 * must be (and are) idempotent.
 */
export class OutboxRelay {
  private readonly subscription: Subscription;

  constructor(
    store: PostgresEventStore,
    private readonly bus: EventBus,
    options: OutboxRelayOptions = {},
  ) {
    this.subscription = new Subscription(store, {
      name: options.name ?? KAFKA_RELAY_SUBSCRIPTION,
      handler: (events) => bus.publish(events),
      batchSize: options.batchSize ?? 1000,
      // Read the next batch while the broker acknowledges this one.
      readAhead: true,
      ...(options.listen === undefined ? {} : { listen: options.listen }),
      ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
      ...(options.onError === undefined ? {} : { onError: options.onError }),
      ...(options.lingerMs === undefined ? {} : { lingerMs: options.lingerMs }),
    });
  }

  /** The last checkpoint whose events the broker acknowledged. */
  get checkpoint(): string {
    return this.subscription.checkpoint;
  }

  /** True while this instance holds the relay's lease. */
  get isActive(): boolean {
    return this.subscription.isActive;
  }

  /** Checks the topics (fails fast when the broker is unusable), then relays in the background. */
  async start(): Promise<void> {
    await this.bus.ensureTopics();
    await this.subscription.start();
  }

  /** Finishes the batch in flight and stops (the bus stays open; it belongs to the caller). */
  stop(): Promise<void> {
    return this.subscription.stop();
  }

  /** Resolves once every event up to `checkpoint` was acknowledged by the broker. */
  waitFor(checkpoint: string, timeoutMs = 10_000): Promise<void> {
    return this.subscription.waitFor(checkpoint, timeoutMs);
  }
}
