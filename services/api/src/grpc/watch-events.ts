import { type handleServerStreamingCall, type ServerWritableStream } from '@grpc/grpc-js';
import { Logger } from '@nestjs/common';
import { type LogFollower, parseCheckpoint, type PostgresEventStore, type RecordedEvent } from '@keel/event-store';
import { type Event, type WatchEventsRequest, type WatchEventsResponse } from '@keel/grpc-contract';
import { HttpProblem } from '../common/api-error';
import { isServerFault, toGrpcError } from './grpc-status';

type WatchCall = ServerWritableStream<WatchEventsRequest, WatchEventsResponse>;

/** An event as WatchEvents sends it. */
export function watchedEvent(event: RecordedEvent): Event {
  return {
    position: event.globalPosition,
    checkpoint: event.checkpoint,
    streamId: event.streamId,
    streamType: event.streamType,
    streamVersion: event.streamVersion,
    type: event.type,
    actor: event.metadata.actor,
    time: event.metadata.time ?? event.recordedAt.toISOString(),
    correlationId: event.metadata.correlationId,
    data: isObject(event.data) ? event.data : { value: event.data },
  };
}

/**
 * keel.v1.EventService/WatchEvents: the global log after a checkpoint, then live, through one shared
 * {@link LogFollower}. Backpressure: the next event is written only once the stream accepts more
 * (`write` → `drain`), and the next batch is read only once the last is written, so a slow client holds
 * at most one batch here. A client's cancellation ends its follow at once; shutdown ends every watch
 * with UNAVAILABLE (resume from the last checkpoint received).
 */
export class EventWatch {
  private readonly active = new Set<AbortController>();
  private readonly logger = new Logger('grpc');
  private closing = false;
  /** Watches currently waiting for their client to accept more (observability, tests). */
  waitingForDrain = 0;
  /** Events written to all watches so far. */
  eventsWritten = 0;

  constructor(
    private readonly store: PostgresEventStore,
    private readonly follower: LogFollower,
  ) {}

  get handler(): handleServerStreamingCall<WatchEventsRequest, WatchEventsResponse> {
    return (call) => void this.watch(call);
  }

  /** Number of watches in progress. */
  get watching(): number {
    return this.active.size;
  }

  /** Ends every watch with UNAVAILABLE; new watches are refused the same way. */
  close(): void {
    this.closing = true;
    this.active.forEach((abort) => abort.abort());
  }

  private async watch(call: WatchCall): Promise<void> {
    const abort = new AbortController();
    const cancel = (): void => abort.abort();
    this.active.add(abort);
    call.on('cancelled', cancel);
    try {
      if (this.closing) throw new HttpProblem(503, 'ShuttingDown', 'the server is shutting down; retry elsewhere');
      const { stream, type } = call.request;
      const after = call.request.afterCheckpoint === undefined ? await this.store.headCheckpoint() : checkpointField(call.request.afterCheckpoint);
      for await (const batch of this.follower.follow(after, abort.signal)) {
        for (const event of batch.events) {
          if (abort.signal.aborted) break;
          if ((stream !== undefined && event.streamId !== stream) || (type !== undefined && event.type !== type)) continue;
          this.eventsWritten++;
          if (!call.write({ event: watchedEvent(event) })) await this.drained(call, abort.signal);
        }
      }
      if (call.cancelled) return;
      if (this.closing) throw new HttpProblem(503, 'ShuttingDown', 'the server is shutting down; resume from the last checkpoint received');
      call.end();
    } catch (error) {
      if (call.cancelled) return;
      const grpcError = toGrpcError(error);
      if (isServerFault(grpcError)) this.logger.error(`WatchEvents: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      call.emit('error', grpcError);
    } finally {
      call.off('cancelled', cancel);
      this.active.delete(abort);
    }
  }

  private async drained(call: WatchCall, signal: AbortSignal): Promise<void> {
    this.waitingForDrain++;
    try {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          call.off('drain', done);
          signal.removeEventListener('abort', done);
          resolve();
        };
        call.on('drain', done);
        signal.addEventListener('abort', done, { once: true });
      });
    } finally {
      this.waitingForDrain--;
    }
  }
}

function checkpointField(token: string): string {
  try {
    parseCheckpoint(token);
    return token;
  } catch (error) {
    throw new HttpProblem(400, 'Validation', `afterCheckpoint: ${(error as Error).message}`, [{ path: 'afterCheckpoint', reason: 'must be <transactionId>:<position>' }]);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
