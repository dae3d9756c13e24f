import { WrongExpectedVersionError } from './errors';
import { type PostgresEventStore } from './event-store';
import { type SnapshotPolicy, SnapshotStore } from './snapshots';
import { type AppendResult, type EventMetadata, type NewEvent, type RecordedEvent } from './types';

/** What a fold sees of an event: what a recorded event and one this process just appended both have. */
export type FoldedEvent = Pick<RecordedEvent, 'type' | 'data' | 'streamVersion'>;

/** How a stream's events fold into a state. */
export interface Folding<TState> {
  readonly initialState: () => TState;
  readonly evolve: (state: TState, event: FoldedEvent) => TState;
}

/** A stream's state and the version it reflects (0 when the stream does not exist). */
export interface Loaded<TState> {
  readonly state: TState;
  readonly version: number;
  /** Where the state came from: this process's cache plus the tail, a usable snapshot plus its tail, or a full replay. */
  readonly source: 'cache' | 'snapshot' | 'replay';
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
  /**
   * Decide first on the cached state without reading the stream (default false): the append's expected
   * version still guards it, so a stale cache costs one refused append and a verified retry. A decision
   * that fails or decides nothing on the unverified state is taken again on a verified one.
   */
  readonly trustCache?: boolean;
}

/**
 * Loads a stream's state from its snapshot plus the events after it (or a full replay when the
 * snapshot is missing, stale or corrupt — never an error), and runs load → decide → append with the
 * expected version and a bounded retry on conflict. Snapshots are rewritten per the policy.
 */
export class AggregateRepository<TState> {
  private readonly snapshots: SnapshotStore;

  private readonly cache = new Map<string, { state: TState; version: number }>();

  /**
   * @param cacheSize keep the last loaded state of up to this many streams in memory (LRU), so a load is
   * one query for the events after it. States must be immutable: `evolve` returns new objects.
   */
  constructor(
    private readonly store: PostgresEventStore,
    private readonly folding: Folding<TState>,
    private readonly policy?: SnapshotPolicy<TState>,
    private readonly cacheSize = 0,
  ) {
    this.snapshots = new SnapshotStore(store.pool);
  }

  /** Current state of a stream. */
  async load(streamId: string): Promise<Loaded<TState>> {
    const loaded = (await this.loadFromCache(streamId)) ?? (await this.loadFromSnapshot(streamId)) ?? (await this.replay(streamId));
    this.remember(streamId, loaded);
    return loaded;
  }

  private async loadFromCache(streamId: string): Promise<Loaded<TState> | undefined> {
    const cached = this.cache.get(streamId);
    if (!cached) return undefined;
    const tail = await this.store.readStream(streamId, { fromVersion: cached.version + 1 });
    const state = tail.reduce(this.folding.evolve, cached.state);
    return { state, version: tail.length ? tail[tail.length - 1]!.streamVersion : cached.version, source: 'cache' };
  }

  private remember(streamId: string, loaded: Loaded<TState>): void {
    if (this.cacheSize <= 0 || loaded.version === 0) return;
    this.cache.delete(streamId);
    this.cache.set(streamId, { state: loaded.state, version: loaded.version });
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
  }

  private async replay(streamId: string): Promise<Loaded<TState>> {
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
  ): Promise<{ result: AppendResult | undefined; state: TState; version: number; events: Decision }> {
    const maxAttempts = options.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      const unverified = attempt === 1 && options.trustCache ? this.cache.get(streamId) : undefined;
      const { state, version } = unverified ?? (await this.load(streamId));
      let events: Decision;
      try {
        events = decide(state, version).map((event) => ({ ...event, metadata: { ...options.metadata, ...event.metadata } }));
      } catch (error) {
        if (unverified) continue;
        throw error;
      }
      if (events.length === 0) {
        if (unverified) continue;
        return { result: undefined, state, version, events };
      }
      try {
        const result = await this.store.appendToStream(streamId, events, {
          expectedVersion: version === 0 ? 'no_stream' : version,
          idempotencyKey: options.idempotencyKey,
          requestHash: options.requestHash,
        });
        if (!result.replayed) await this.appended(streamId, state, version, events);
        return { result, state, version, events };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || attempt >= maxAttempts) throw error;
      }
    }
  }

  /**
   * After this process's own append: the stream is now `version` plus exactly `events` (the expected
   * version guaranteed it), so the new state is folded from them without reading the stream back. It is
   * cached (the next write on the stream needs no read) and written as a snapshot when the append
   * crossed a multiple of the policy's `every`.
   */
  private async appended(streamId: string, before: TState, version: number, events: Decision): Promise<void> {
    const next = version + events.length;
    const crossed = this.policy !== undefined && Math.floor(next / this.policy.every) > Math.floor(version / this.policy.every);
    if (this.cacheSize <= 0 && !crossed) return;
    const upcasters = this.store.upcasters?.size ? this.store.upcasters : undefined;
    const after = events.reduce((folded, event, i) => {
      // As a read of the stream would return it: upcast from the schema version it was appended at.
      const data = upcasters ? upcasters.upcast(event.type, event.schemaVersion ?? 1, event.data, (event.metadata ?? {}) as Readonly<Record<string, unknown>>).data : event.data;
      return this.folding.evolve(folded, { type: event.type, data, streamVersion: version + i + 1 });
    }, before);
    this.remember(streamId, { state: after, version: next, source: 'cache' });
    if (crossed) await this.writeSnapshot(streamId, after, next);
  }

  private async loadFromSnapshot(streamId: string): Promise<Loaded<TState> | undefined> {
    if (!this.policy) return undefined;
    const snapshot = await this.snapshots.read<TState>(streamId, this.policy.name).catch(() => undefined);
    if (!snapshot || snapshot.schemaVersion !== this.policy.schemaVersion) return undefined;
    if (this.policy.isValid && !this.policy.isValid(snapshot.state)) return undefined;
    try {
      // Reading from the snapshot's own version proves the stream really has that many events.
      const events = await this.store.readStream(streamId, { fromVersion: snapshot.streamVersion });
      if (events[0]?.streamVersion !== snapshot.streamVersion) return undefined;
      const tail = events.slice(1);
      const state = tail.reduce(this.folding.evolve, snapshot.state);
      return { state, version: events[events.length - 1]!.streamVersion, source: 'snapshot' };
    } catch {
      return undefined;
    }
  }

  private async writeSnapshot(streamId: string, state: TState, version: number): Promise<void> {
    if (!this.policy) return;
    await this.snapshots.write(streamId, this.policy.name, { state, streamVersion: version, schemaVersion: this.policy.schemaVersion });
  }
}
