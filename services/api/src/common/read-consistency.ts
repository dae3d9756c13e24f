import { AsyncLocalStorage } from 'node:async_hooks';
import { parseCheckpoint } from '@keel/event-store';
import { HttpProblem } from './api-error';
import { type Infrastructure } from '../database/infrastructure';

/**
 * The caller's deadline (epoch ms) for the request being served, when its transport has one (a gRPC
 * call's deadline): a `minCheckpoint` wait ends by then instead of outliving a caller that gave up.
 */
export const requestDeadline = new AsyncLocalStorage<number>();

/**
 * Read-your-writes: a read with `minCheckpoint` (the `checkpoint` a write answered) waits, bounded, until
 * the read models have caught up to it (on either transport), and fails with 503 rather than answer with older data.
 */
export class ReadConsistency {
  constructor(
    private readonly infrastructure: Pick<Infrastructure, 'readModelsReached'>,
    private readonly waitMs: number,
  ) {}

  async atLeast(minCheckpoint: string | undefined): Promise<void> {
    if (minCheckpoint === undefined || minCheckpoint === '') return;
    try {
      parseCheckpoint(minCheckpoint);
    } catch (error) {
      throw new HttpProblem(400, 'Validation', `minCheckpoint: ${(error as Error).message}`, [{ path: 'minCheckpoint', reason: 'must be <transactionId>:<position>' }]);
    }
    const deadline = requestDeadline.getStore();
    const waitMs = deadline === undefined ? this.waitMs : Math.max(0, Math.min(this.waitMs, deadline - Date.now()));
    if (!(await this.infrastructure.readModelsReached(minCheckpoint, waitMs))) {
      throw new HttpProblem(503, 'NotCaughtUp', `read models have not reached checkpoint ${minCheckpoint} within ${waitMs} ms; retry`, [
        { path: 'minCheckpoint', reason: 'not reached yet' },
      ]);
    }
  }
}
