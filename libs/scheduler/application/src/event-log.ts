import { type AppendResult, type RecordedEvent, type StreamAppend } from '@keel/event-store';

/** What the scheduler needs of the event store (a port; `PostgresEventStore` satisfies it). */
export interface EventLog {
  appendToStreams(appends: readonly StreamAppend[], options?: { readonly idempotencyKey?: string }): Promise<AppendResult>;
  readStream(streamId: string): Promise<RecordedEvent[]>;
}
