import { type Pool } from 'pg';
import { committedCheckpoint, compareCheckpoints } from '@keel/event-store';
import { READ_MODELS_SUBSCRIPTION } from '@keel/read-models';

/**
 * Measures how long after a write's response the read models include it: polls the projector's committed
 * checkpoint every `pollMs` and records, per write, the time from response to caught-up.
 */
export class ProjectionLagProbe {
  private readonly pending: { checkpoint: string; at: number }[] = [];
  readonly lagsMs: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(
    private readonly pool: Pool,
    private readonly pollMs = 5,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.poll(), this.pollMs);
  }

  /** Records a write answered now with `checkpoint`. */
  written(checkpoint: string): void {
    this.pending.push({ checkpoint, at: performance.now() });
  }

  /** Waits (bounded) for every recorded write to be projected, then stops polling. */
  async finish(timeoutMs = 30_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending.length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    clearInterval(this.timer);
    return this.pending.length;
  }

  private async poll(): Promise<void> {
    if (this.polling || this.pending.length === 0) return;
    this.polling = true;
    try {
      const reached = await committedCheckpoint(this.pool, READ_MODELS_SUBSCRIPTION);
      const now = performance.now();
      for (let i = this.pending.length - 1; i >= 0; i--) {
        const entry = this.pending[i]!;
        if (compareCheckpoints(reached, entry.checkpoint) >= 0) {
          this.lagsMs.push(now - entry.at);
          this.pending.splice(i, 1);
        }
      }
    } finally {
      this.polling = false;
    }
  }
}
