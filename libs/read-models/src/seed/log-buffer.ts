import { type PostgresEventStore, type StreamAppend } from '@keel/event-store';
import { type Command, type Decider, type Event, type MessageMetadata } from '@keel/kernel';

const metadata: MessageMetadata = { correlationId: 'seed', actor: 'seed', time: '2025-01-01T00:00:00.000Z' };

/**
 * Decides commands against in-memory stream states (the deciders, no reads) and buffers the events as
 * multi-stream appends with expected versions, flushed every `flushAt` events.
 */
export class LogBuffer {
  private readonly states = new Map<string, { state: unknown; version: number }>();
  private pending = new Map<string, { expectedVersion: number; events: Event[] }>();
  private buffered = 0;
  /** Events appended so far. */
  appended = 0;

  constructor(private readonly store: PostgresEventStore, private readonly flushAt = 5000) {}

  /** Decides `command` on `streamId`, evolves the state and buffers the events; returns them. */
  async run<C extends Command, E extends Event, S>(decider: Decider<C, E, S>, streamId: string, command: Omit<C, 'metadata'>): Promise<readonly E[]> {
    const current = this.states.get(streamId) ?? { state: decider.initialState(), version: 0 };
    const events = decider.decide({ ...command, metadata } as C, current.state as S);
    if (events.length === 0) return events;
    const state = events.reduce(decider.evolve, current.state as S);
    const pending = this.pending.get(streamId) ?? { expectedVersion: current.version, events: [] };
    pending.events.push(...events);
    this.pending.set(streamId, pending);
    this.states.set(streamId, { state, version: current.version + events.length });
    this.buffered += events.length;
    if (this.buffered >= this.flushAt) await this.flush();
    return events;
  }

  /** Appends everything buffered in one atomic multi-stream append. */
  async flush(): Promise<void> {
    if (this.buffered === 0) return;
    const appends: StreamAppend[] = [...this.pending].map(([streamId, p]) => ({
      streamId,
      expectedVersion: p.expectedVersion,
      events: p.events.map((e) => ({ type: e.type, data: e.data, metadata: { actor: 'seed' } })),
    }));
    await this.store.appendToStreams(appends);
    this.appended += this.buffered;
    this.pending = new Map();
    this.buffered = 0;
  }
}
