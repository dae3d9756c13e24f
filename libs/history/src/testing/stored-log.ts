import { type PostgresEventStore, type RecordedEvent, type StreamAppend } from '@keel/event-store';
import { type TestLog } from './test-log';

/** Appends what a {@link TestLog} decided to a real event store, one transaction per command, keeping metadata. */
export class StoredLog {
  private saved = 0;

  constructor(
    private readonly store: PostgresEventStore,
    readonly log: TestLog,
  ) {}

  /** Appends the events not stored yet; returns the real checkpoint of the last one. */
  async save(): Promise<string> {
    const fresh = this.log.events.slice(this.saved);
    this.saved = this.log.events.length;
    let checkpoint = await this.store.headCheckpoint();
    const transactions = new Map<string, RecordedEvent[]>();
    for (const event of fresh) transactions.set(event.transactionId, [...(transactions.get(event.transactionId) ?? []), event]);
    for (const events of transactions.values()) {
      const streams = new Map<string, RecordedEvent[]>();
      for (const event of events) streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), event]);
      const appends: StreamAppend[] = [...streams].map(([streamId, list]) => ({
        streamId,
        expectedVersion: 'any',
        events: list.map((e) => ({ type: e.type, data: e.data, metadata: e.metadata })),
      }));
      checkpoint = (await this.store.appendToStreams(appends)).checkpoint;
    }
    return checkpoint;
  }
}
