import { parseCheckpoint } from '@keel/event-store';
import { HttpProblem } from './api-error';
import { type Infrastructure } from '../database/infrastructure';

/**
 * Read-your-writes: a read with `minCheckpoint` (the `checkpoint` a write answered) waits, bounded, until
 * the read models have caught up to it (on either transport), and fails with 503 rather than answer with older data.
 */
export class ReadConsistency {
  constructor(
    private readonly infrastructure: Infrastructure,
    private readonly waitMs: number,
  ) {}

  async atLeast(minCheckpoint: string | undefined): Promise<void> {
    if (minCheckpoint === undefined || minCheckpoint === '') return;
    try {
      parseCheckpoint(minCheckpoint);
    } catch (error) {
      throw new HttpProblem(400, 'Validation', `minCheckpoint: ${(error as Error).message}`, [{ path: 'minCheckpoint', reason: 'must be <transactionId>:<position>' }]);
    }
    if (!(await this.infrastructure.readModelsReached(minCheckpoint, this.waitMs))) {
      throw new HttpProblem(503, 'NotCaughtUp', `read models have not reached checkpoint ${minCheckpoint} within ${this.waitMs} ms; retry`, [
        { path: 'minCheckpoint', reason: 'not reached yet' },
      ]);
    }
  }
}
