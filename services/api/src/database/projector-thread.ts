import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CheckpointWatch } from '@keel/event-store';

/** What the projector's worker thread is started with. */
export interface ProjectorThreadData {
  readonly databaseUrl: string;
  readonly poolSize: number;
  /**
   * `postgres` (default): the projector's subscription to the log. `kafka`: the outbox relay, and the
   * Kafka projector unless `runProjector` is false; the Kafka settings come from the environment.
   */
  readonly transport?: 'postgres' | 'kafka';
  readonly runProjector?: boolean;
}

/** Messages from the worker thread. */
export type ProjectorThreadMessage =
  | { readonly kind: 'started' }
  | { readonly kind: 'checkpoint'; readonly checkpoint: string }
  | { readonly kind: 'error'; readonly message: string; readonly attempt: number }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * The read-model projector on a worker thread of the API process, with its own pool: under load the
 * API's event loop is busy with requests, and a projector sharing it waits behind them at every query.
 * `keel bench api --quick` at 1,000 commands/s: projection lag p99 ~160 ms in the API's loop, ~20 ms on
 * its own thread, ~60 ms with the thread's 25 ms pause between batches (which keeps the commands/s of the
 * shared loop: larger batches cost less per event). The thread reports each committed checkpoint, so
 * read-your-writes waits need no polling. On the Kafka transport the thread runs the outbox relay and the
 * Kafka projector instead (read-your-writes then waits on the consumer group's offsets).
 */
export class ProjectorThread {
  private readonly watch = new CheckpointWatch();
  private readonly exited: Promise<void>;

  private constructor(
    private readonly worker: Worker,
    onError: (message: string, attempt: number) => void,
  ) {
    worker.on('message', (message: ProjectorThreadMessage) => {
      if (message.kind === 'checkpoint') this.watch.set(message.checkpoint);
      else if (message.kind === 'error') onError(message.message, message.attempt);
    });
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
  }

  /** Starts the thread; resolves once its projector runs, rejects naming why it could not start. */
  static async start(data: ProjectorThreadData, onError: (message: string, attempt: number) => void): Promise<ProjectorThread> {
    const worker = new Worker(join(__dirname, 'projector-worker.js'), { workerData: data, env: process.env });
    const thread = new ProjectorThread(worker, onError);
    await new Promise<void>((resolve, reject) => {
      const onMessage = (message: ProjectorThreadMessage): void => {
        if (message.kind === 'started') settle(resolve);
        else if (message.kind === 'failed') {
          settle(() => reject(new Error(`read-model projector thread: ${message.message}`)));
          // Whatever it opened before failing (pool clients, broker connections) goes with the thread.
          void worker.terminate();
        }
      };
      const onExit = (code: number): void => settle(() => reject(new Error(`read-model projector thread exited with code ${code} before it started`)));
      const settle = (then: () => void): void => {
        worker.off('message', onMessage);
        worker.off('exit', onExit);
        then();
      };
      worker.on('message', onMessage);
      worker.once('exit', onExit);
    });
    return thread;
  }

  /** Resolves true once the read models committed `checkpoint`, false after `timeoutMs`. */
  reached(checkpoint: string, timeoutMs: number): Promise<boolean> {
    return this.watch.reached(checkpoint, timeoutMs);
  }

  /** Finishes the batch in flight, releases the lease and ends the thread. */
  async stop(): Promise<void> {
    this.worker.postMessage({ kind: 'stop' });
    await this.exited;
  }
}
