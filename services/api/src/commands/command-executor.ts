import { Injectable } from '@nestjs/common';
import { type Command, type Decider, DomainError, type Event } from '@keel/kernel';
import { AggregateRepository, IdempotencyKeyReusedError, PostgresEventStore, type SnapshotPolicy, WrongExpectedVersionError } from '@keel/event-store';
import { type WriteContext } from '../common/write-context';

/** What every write answers: where the stream is now and the checkpoint to read your write at. */
export interface WriteResponse {
  readonly streamId: string;
  readonly version: number;
  readonly checkpoint: string;
  /** Types of the events appended (empty when the command changed nothing). */
  readonly events: readonly string[];
}

/** A write's response and whether it is the stored answer to an earlier request with the same key. */
export interface WriteOutcome {
  readonly response: WriteResponse;
  readonly replayed: boolean;
}

/**
 * The application glue for one stream: load (cached state, or snapshot + tail) → decide → append with the
 * expected version, bounded retry on conflict; a request whose Idempotency-Key was already used gets the
 * stored answer (the append checks the key before anything else). A caller's
 * `expectedVersion` is checked against every load, so a concurrent write makes it fail instead of retry.
 */
@Injectable()
export class CommandExecutor {
  private readonly repositories = new Map<string, AggregateRepository<unknown>>();

  constructor(private readonly store: PostgresEventStore) {}

  /** Runs `command` against stream `streamId` with `decider`. */
  async execute<C extends Command, E extends Event, S>(
    streamId: string,
    decider: Decider<C, E, S>,
    command: C,
    context: WriteContext,
    snapshot?: SnapshotPolicy<S>,
  ): Promise<WriteOutcome> {
    const repository = this.repository(streamId.split('-')[0]!, decider, snapshot);
    try {
      const decide = (state: S, loaded: number) => {
        if (context.expectedVersion !== undefined && loaded !== context.expectedVersion) throw new WrongExpectedVersionError(streamId, context.expectedVersion, loaded === 0 ? null : loaded);
        return decider.decide(command, state).map(toNewEvent);
      };
      // One round trip when this process wrote the stream last: decide on the cached state and let the
      // append's expected version and idempotency key (checked first, in the same call) guard it.
      const { result, events, version } = await repository.handle(streamId, decide, {
        idempotencyKey: context.idempotencyKey,
        requestHash: context.requestHash,
        metadata: context.metadata,
        trustCache: true,
      });
      if (result?.replayed) return (await this.replay(streamId, context))!;
      if (result) {
        return { response: { streamId, version: result.nextExpectedVersion, checkpoint: result.checkpoint, events: events.map((e) => e.type) }, replayed: result.replayed };
      }
      // Deciding nothing may mean a concurrent request with the same key already did the work.
      const replayed = await this.replay(streamId, context);
      if (replayed) return replayed;
      // Nothing to do: answer with the version the decision saw, not whatever the stream reached since.
      return { response: { streamId, version, checkpoint: await this.store.headCheckpoint(), events: [] }, replayed: false };
    } catch (error) {
      // The key names the caller's header or field, not the transport prefix it is stored under.
      if (error instanceof IdempotencyKeyReusedError) throw new IdempotencyKeyReusedError(unprefixed(error.idempotencyKey));
      // A concurrent retry with the same key may have won between our check and our decision.
      if (error instanceof DomainError || error instanceof WrongExpectedVersionError) {
        const replayed = await this.replay(streamId, context);
        if (replayed) return replayed;
      }
      throw error;
    }
  }

  /** Loads a stream's current state (used for cross-stream reads such as the model behind a deployment). */
  async load<C extends Command, E extends Event, S>(streamId: string, decider: Decider<C, E, S>, snapshot?: SnapshotPolicy<S>): Promise<{ state: S; version: number }> {
    return this.repository(streamId.split('-')[0]!, decider, snapshot).load(streamId);
  }

  private async replay(streamId: string, context: WriteContext): Promise<WriteOutcome | undefined> {
    if (!context.idempotencyKey) return undefined;
    const prior = await this.store.idempotentResult(context.idempotencyKey);
    if (!prior) return undefined;
    if (prior.requestHash !== context.requestHash) throw new IdempotencyKeyReusedError(unprefixed(context.idempotencyKey));
    const stream = prior.result.streams.find((s) => s.streamId === streamId) ?? prior.result.streams[0]!;
    return { response: { streamId: stream.streamId, version: stream.version, checkpoint: prior.result.checkpoint, events: prior.result.eventTypes }, replayed: true };
  }

  private repository<C extends Command, E extends Event, S>(streamType: string, decider: Decider<C, E, S>, snapshot?: SnapshotPolicy<S>): AggregateRepository<S> {
    let repository = this.repositories.get(streamType) as AggregateRepository<S> | undefined;
    if (!repository) {
      repository = new AggregateRepository<S>(
        this.store,
        { initialState: decider.initialState, evolve: (state, event) => decider.evolve(state, { type: event.type, data: event.data } as E) },
        snapshot,
        CACHED_STREAMS_PER_TYPE,
      );
      this.repositories.set(streamType, repository as AggregateRepository<unknown>);
    }
    return repository;
  }
}

/** An idempotency key as the caller gave it (keys are stored with the transport they came through). */
function unprefixed(key: string): string {
  return key.replace(/^(http|grpc):/, '');
}

/** Loaded states kept in memory per stream type: a write then reads only the events after them. */
const CACHED_STREAMS_PER_TYPE = 10_000;

function toNewEvent(event: Event): { type: string; data: unknown } {
  return { type: event.type, data: event.data };
}
