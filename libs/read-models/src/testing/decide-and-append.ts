import { type PostgresEventStore, type StreamAppend } from '@keel/event-store';
import { type Command, type Decider, type Event, testMetadata } from '@keel/kernel';

/** A command without metadata (filled in with the kernel's test metadata). */
export type Bare<C extends Command> = C extends Command ? Omit<C, 'metadata'> : never;

/** A decision on one stream, ready to append with the version it was decided at. */
export interface Decided<E extends Event, S> {
  readonly streamId: string;
  readonly state: S;
  readonly version: number;
  readonly events: readonly E[];
}

/** Loads a stream and folds it with the decider. */
export async function loadState<C extends Command, E extends Event, S>(
  store: PostgresEventStore,
  decider: Decider<C, E, S>,
  streamId: string,
): Promise<{ state: S; version: number }> {
  const recorded = await store.readStream(streamId);
  const state = recorded.reduce((s, e) => decider.evolve(s, { type: e.type, data: e.data } as E), decider.initialState());
  return { state, version: recorded.length };
}

/** Loads a stream, folds it with the decider and decides `command` — the command handler's first half. */
export async function decideOn<C extends Command, E extends Event, S>(
  store: PostgresEventStore,
  decider: Decider<C, E, S>,
  streamId: string,
  command: Bare<C>,
): Promise<Decided<E, S>> {
  const { state, version } = await loadState(store, decider, streamId);
  const events = decider.decide({ ...command, metadata: testMetadata } as unknown as C, state);
  return { streamId, state, version, events };
}

/** Appends decisions atomically with their expected versions; returns the checkpoint (or null when nothing was appended). */
export async function appendDecided(store: PostgresEventStore, decisions: readonly Decided<Event, unknown>[]): Promise<string | null> {
  const appends: StreamAppend[] = decisions
    .filter((d) => d.events.length > 0)
    .map((d) => ({ streamId: d.streamId, expectedVersion: d.version, events: d.events.map((e) => ({ type: e.type, data: e.data, metadata: { actor: 'test' } })) }));
  if (appends.length === 0) return null;
  return (await store.appendToStreams(appends)).checkpoint;
}
