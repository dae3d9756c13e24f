import { type ExpectedVersion } from './types';

/** Base class of every error the event store raises on purpose. */
export class EventStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The stream's version was not the expected one; nothing was written. */
export class WrongExpectedVersionError extends EventStoreError {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: ExpectedVersion,
    /** Actual version of the stream, or `null` when it does not exist. */
    readonly actualVersion: number | null,
  ) {
    super(
      `wrong expected version for stream ${streamId}: expected ${expectedVersion}, actual ${actualVersion ?? 'no_stream'}`,
    );
  }
}

/**
 * An append in a transaction that already had its xid (it wrote before appending) to a stream a newer
 * transaction appended to meanwhile: accepted, it would come before that transaction's events in the
 * global log. A conflict like any other: nothing was written, and the append succeeds in a new
 * transaction. `actualVersion` is the stream's version.
 */
export class StreamOrderConflictError extends WrongExpectedVersionError {
  constructor(streamId: string, expectedVersion: ExpectedVersion, actualVersion: number | null) {
    super(streamId, expectedVersion, actualVersion);
    this.message = `stream ${streamId} was appended to by a transaction newer than this one: append in a new transaction`;
  }
}

/** Bad input to an append or a read; names the field and the reason. Nothing was written. */
export class InvalidAppendError extends EventStoreError {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** The idempotency key was already used for a different request; nothing was written. */
export class IdempotencyKeyReusedError extends EventStoreError {
  constructor(readonly idempotencyKey: string) {
    super(`idempotency key ${idempotencyKey} was already used for a different request`);
  }
}

/** A subscription lost its lease to another instance; its uncommitted work was rolled back. */
export class SubscriptionLeaseLostError extends EventStoreError {
  constructor(readonly subscriptionName: string) {
    super(`subscription ${subscriptionName} lost its lease to another instance`);
  }
}
