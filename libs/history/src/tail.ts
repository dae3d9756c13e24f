import { type PostgresEventStore, type RecordedEvent } from '@keel/event-store';
import { eventTime } from './as-of';

/** What `tailEvents` reads. */
export interface TailOptions {
  /** Start after this checkpoint (default: the start of the log). */
  readonly from?: string;
  /** Only events of this stream. */
  readonly stream?: string;
  /** Only events of this type. */
  readonly type?: string;
  /** Keep polling for new events after the head (until `signal` aborts). */
  readonly follow?: boolean;
  /** Poll interval while following (default 500 ms). */
  readonly pollMs?: number;
  readonly signal?: AbortSignal;
  /** Events read per query (default 1000). */
  readonly batchSize?: number;
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** The global log in order from a checkpoint, filtered by stream and type; with `follow`, waits for new events. */
export async function* tailEvents(store: PostgresEventStore, options: TailOptions = {}): AsyncGenerator<RecordedEvent> {
  let after = options.from ?? '0:0';
  for (;;) {
    if (options.signal?.aborted) return;
    const batch = await store.readAll(after, options.batchSize ?? 1000);
    for (const event of batch.events) {
      if (options.stream !== undefined && event.streamId !== options.stream) continue;
      if (options.type !== undefined && event.type !== options.type) continue;
      yield event;
    }
    after = batch.checkpoint;
    if (batch.events.length > 0) continue;
    if (!options.follow) return;
    await sleep(options.pollMs ?? 500, options.signal);
  }
}

/** One event as a flat record: what `keel events tail --json` prints, one per line. */
export interface EventLine {
  readonly position: number;
  readonly checkpoint: string;
  readonly time: string;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly type: string;
  readonly actor: string | null;
  readonly data: unknown;
}

/** Flattens an event for printing. */
export function eventLine(event: RecordedEvent): EventLine {
  return {
    position: event.globalPosition,
    checkpoint: event.checkpoint,
    time: eventTime(event).toISOString(),
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    type: event.type,
    actor: event.metadata.actor ?? null,
    data: event.data,
  };
}
