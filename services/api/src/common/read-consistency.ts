import { compareCheckpoints, parseCheckpoint } from '@keel/event-store';
import { READ_MODELS_SUBSCRIPTION, type ReadModelProjector } from '@keel/read-models';
import { HttpProblem } from './api-error';
import { type Infrastructure } from '../database/infrastructure';



/**
 * Read-your-writes: a read with `minCheckpoint` (the `checkpoint` a write answered) waits, bounded, until
 * the read models have caught up to it, and fails with 503 rather than answer with older data.
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
    const reached = await (this.infrastructure.projector ? this.viaProjector(this.infrastructure.projector, minCheckpoint) : this.viaTable(minCheckpoint));
    if (!reached) {
      throw new HttpProblem(503, 'NotCaughtUp', `read models have not reached checkpoint ${minCheckpoint} within ${this.waitMs} ms; retry`, [
        { path: 'minCheckpoint', reason: 'not reached yet' },
      ]);
    }
  }

  private async viaProjector(projector: ReadModelProjector, token: string): Promise<boolean> {
    return projector.waitFor(token, this.waitMs).then(
      () => true,
      () => false,
    );
  }

  /** When projectors run in another process, watch their committed checkpoint. */
  private async viaTable(token: string): Promise<boolean> {
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      const { rows } = await this.infrastructure.pool.query<{ c: string }>(
        "SELECT checkpoint_tx::text || ':' || checkpoint_pos AS c FROM es.subscriptions WHERE name = $1",
        [READ_MODELS_SUBSCRIPTION],
      );
      if (rows[0] && compareCheckpoints(rows[0].c, token) >= 0) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
