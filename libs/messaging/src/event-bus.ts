import { type RecordedEvent } from '@keel/event-store';

/** Where a delivered batch came from: one partition of one topic, in offset order. */
export interface DeliveryContext {
  readonly topic: string;
  readonly partition: number;
}

/**
 * Handles one batch of events from one partition, in order. Resolving means "applied": only then does the
 * bus commit the batch's offsets. Must be idempotent — a batch may be delivered again after a crash or a
 * rebalance, and the relay may have published an event more than once.
 */
export type BusHandler = (events: readonly RecordedEvent[], context: DeliveryContext) => Promise<void>;

/** Options of {@link EventBus.subscribe}. */
export interface SubscribeOptions {
  /** Stream types to consume (one topic each); defaults to every configured stream type. */
  readonly streamTypes?: readonly string[];
  /** Attempts per event before it goes to the dead-letter topic (default 5). */
  readonly maxAttempts?: number;
  /** Called when a handler call fails (before it is retried or dead-lettered). */
  readonly onError?: (error: unknown, attempt: number) => void;
  /**
   * One member gets every partition and the others stand by (for a role that must see every event, with
   * one active instance); default false: the group's members share the partitions.
   */
  readonly exclusive?: boolean;
  /** Partitions handled at the same time by this member (default 1; ignored when exclusive). */
  readonly concurrency?: number;
  /** Called after each rebalance with the number of partitions this member now holds. */
  readonly onAssignment?: (partitions: number) => void;
}

/** A running consumer-group member. */
export interface BusSubscription {
  /** Finishes the batch in flight, leaves the group and stops. */
  stop(): Promise<void>;
}

/** Offsets by partition: `<topic>:<partition>` → offset (the next offset to read or write). */
export type PartitionOffsets = ReadonlyMap<string, bigint>;

/**
 * The small port between Keel and its message broker: publish batches of the global log, and consume them
 * as a member of a consumer group (partitions shared between the group's members).
 */
export interface EventBus {
  /** Creates missing topics and checks partition counts; throws a clear error when the broker is unusable. */
  ensureTopics(streamTypes?: readonly string[]): Promise<void>;
  /** Publishes a batch in order; resolves only once the broker acknowledged every event. */
  publish(events: readonly RecordedEvent[]): Promise<void>;
  /** Joins consumer group `group` and feeds `handler` until stopped. */
  subscribe(group: string, handler: BusHandler, options?: SubscribeOptions): Promise<BusSubscription>;
  /** The end offset of every partition of the stream types' topics (default: every configured stream type). */
  endOffsets(streamTypes?: readonly string[]): Promise<PartitionOffsets>;
  /** The offsets consumer group `group` has committed on those topics; partitions it never committed are absent. */
  committedOffsets(group: string, streamTypes?: readonly string[]): Promise<PartitionOffsets>;
  /** Disconnects the producer and every subscription. */
  close(): Promise<void>;
}
