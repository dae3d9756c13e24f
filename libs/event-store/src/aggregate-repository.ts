import { WrongExpectedVersionError } from './errors';
import { type PostgresEventStore } from './event-store';
import { type SnapshotPolicy, SnapshotStore } from './snapshots';
import { type AppendResult, type EventMetadata, type NewEvent, type RecordedEvent } from './types';

/** How a stream's events fold into a state. */
export interface Folding<TState> {
  readonly initialState: () => TState;
  readonly evolve: (state: TState, event: RecordedEvent) => TState;
}

/** A stream's state and the version it reflects (0 when the stream does not exist). */
export interface Loaded<TState> {
  readonly state: TState;
  readonly version: number;
  /** Where the state came from: a usable snapshot plus its tail, or a full replay. */
  readonly source: 'snapshot' | 'replay';
}

/** What a decision produced: the events and (optionally) more streams to append to atomically. */
export type Decision = readonly NewEvent[];

/** Options of {@link AggregateRepository.handle}. */
export interface HandleOptions {
  readonly idempotencyKey?: string;
  readonly requestHash?: string;
  readonly metadata?: EventMetadata;
  /** Attempts on a concurrency conflict before giving up (default 5). */
  readonly maxAttempts?: number;
}

/**
 * Loads a stream's state from its snapshot plus the events after it (or a full replay when the
 * snapshot is missing, stale or corrupt — never an error), and runs load → decide → append with the
 * expected version and a bounded retry on conflict. Snapshots are rewritten per the policy.
 */
export class AggregateRepository<TState> {
  private readonly snapshots: SnapshotStore;

  constructor(
    private readonly store: PostgresEventStore,
    private readonly folding: Folding<TState>,
    private readonly policy?: SnapshotPolicy<TState>,
  ) {
    this.snapshots = new SnapshotStore(store.pool);
  }

  /** Current state of a stream. */
  async load(streamId: string): Promise<Loaded<TState>> {
    const fromSnapshot = await this.loadFromSnapshot(streamId);
    if (fromSnapshot) return fromSnapshot;
    const events = await this.store.readStream(streamId);
    const state = events.reduce(this.folding.evolve, this.folding.initialState());
    const version = events.length === 0 ? 0 : events[events.length - 1]!.streamVersion;
    if (this.policy && version >= this.policy.every) await this.writeSnapshot(streamId, state, version);
    return { state, version, source: 'replay' };
  }

  /**
   * Load → decide → append with the loaded version as the expected version; on a conflict, reload
   * and decide again, up to `maxAttempts`. A decision with no events appends nothing.
   */
  async handle(
    streamId: string,
    decide: (state: TState, version: number) => Decision,
    options: HandleOptions = {},
  ): Promise<{ result: AppendResult | undefined; state: TState; events: Decision }> {
    const maxAttempts = options.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      const { state, version } = await this.load(streamId);
      const events = decide(state, version).map((event) => ({ ...event, metadata: { ...options.metadata, ...event.metadata } }));
      if (events.length === 0) return { result: undefined, state, events };
      try {
        const result = await this.store.appendToStream(streamId, events, {
          expectedVersion: version === 0 ? 'no_stream' : version,
          idempotencyKey: options.idempotencyKey,
          requestHash: options.requestHash,
        });
        await this.afterAppend(streamId, state, version, result);
        return { result, state, events };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || attempt >= maxAttempts) throw error;
      }
    }
  }

  private async afterAppend(streamId: string, before: TState, version: number, result: AppendResult): Promise<void> {
    if (!this.policy || result.replayed) return;
    const crossed = Math.floor(result.nextExpectedVersion / this.policy.every) > Math.floor(version / this.policy.every);
    if (!crossed) return;
    const tail = await this.store.readStream(streamId, { fromVersion: version + 1 });
    const state = tail.reduce(this.folding.evolve, before);
    await this.writeSnapshot(streamId, state, tail.length ? tail[tail.length - 1]!.streamVersion : version);
  }

  private async loadFromSnapshot(streamId: string): Promise<Loaded<TState> | undefined> {
    if (!this.policy) return undefined;
    const snapshot = await this.snapshots.read<TState>(streamId, this.policy.name).catch(() => undefined);
    if (!snapshot || snapshot.schemaVersion !== this.policy.schemaVersion) return undefined;
    if (this.policy.isValid && !this.policy.isValid(snapshot.state)) return undefined;
    try {
      const tail = await this.store.readStream(streamId, { fromVersion: snapshot.streamVersion + 1 });
      if (tail.length > 0 && tail[0]!.streamVersion !== snapshot.streamVersion + 1) return undefined;
      const actual = await this.store.streamVersion(streamId);
      const version = tail.length ? tail[tail.length - 1]!.streamVersion : snapshot.streamVersion;
      if (actual === null || version !== actual) return undefined;
      const state = tail.reduce(this.folding.evolve, snapshot.state);
      return { state, version, source: 'snapshot' };
    } catch {
      return undefined;
    }
  }

  private async writeSnapshot(streamId: string, state: TState, version: number): Promise<void> {
    if (!this.policy) return;
    await this.snapshots.write(streamId, this.policy.name, { state, streamVersion: version, schemaVersion: this.policy.schemaVersion });
  }
}
