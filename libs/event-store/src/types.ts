/**
 * Expected version of a stream before an append (EventStoreDB semantics), enforced in SQL:
 * - `'any'`: no check;
 * - `'no_stream'`: the stream must not exist (same as `0`);
 * - `'stream_exists'`: the stream must have at least one event;
 * - `n`: the stream must have exactly `n` events.
 */
export type ExpectedVersion = 'any' | 'no_stream' | 'stream_exists' | number;

/** Metadata stored with every event; `time` comes from the caller's clock. */
export interface EventMetadata {
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly actor?: string;
  readonly time?: string;
}

/** An event to append. `id` defaults to a time-ordered uuid (v7), `schemaVersion` to 1. */
export interface NewEvent<TType extends string = string, TData = unknown> {
  readonly id?: string;
  readonly type: TType;
  readonly schemaVersion?: number;
  readonly data: TData;
  readonly metadata?: EventMetadata;
}

/** An event as stored, after upcasting to the current schema version. */
export interface RecordedEvent<TType extends string = string, TData = unknown> {
  readonly id: string;
  readonly streamId: string;
  readonly streamType: string;
  /** 1-based position of the event within its stream. */
  readonly streamVersion: number;
  /** Insertion-order position in the global log. */
  readonly globalPosition: number;
  /** Id of the transaction that wrote the event (xid8, as a decimal string). */
  readonly transactionId: string;
  readonly type: TType;
  readonly schemaVersion: number;
  readonly data: TData;
  readonly metadata: EventMetadata;
  readonly recordedAt: Date;
  /** Checkpoint token of this event in the global log (see {@link Checkpoint}). */
  readonly checkpoint: string;
}

/** One stream's part of an atomic multi-stream append. */
export interface StreamAppend {
  readonly streamId: string;
  /** Kind of stream, e.g. `node`; defaults to the part of `streamId` before the first `-`. */
  readonly streamType?: string;
  readonly expectedVersion: ExpectedVersion;
  readonly events: readonly NewEvent[];
}

/** Options of an append. */
export interface AppendOptions {
  readonly expectedVersion?: ExpectedVersion;
  /** Durable idempotency key: a retry with the same key returns the first result and writes nothing. */
  readonly idempotencyKey?: string;
  /**
   * What identifies "the same request" for the idempotency key. Defaults to a hash of the streams,
   * expected versions, event types and data (not ids or metadata, which a retry may regenerate).
   */
  readonly requestHash?: string;
  readonly streamType?: string;
}

/** Result of an append. */
export interface AppendResult {
  /** New version of each stream written, in request order. */
  readonly streams: readonly { readonly streamId: string; readonly version: number }[];
  /** New version of the (first) stream. */
  readonly nextExpectedVersion: number;
  /** Global checkpoint token of the last event written; compare with {@link compareCheckpoints}. */
  readonly checkpoint: string;
  /** Types of the events written, in order. */
  readonly eventTypes: readonly string[];
  /** True when this is the stored result of an earlier append with the same idempotency key. */
  readonly replayed: boolean;
}
