import { type Pool } from 'pg';

/**
 * Measures how long after a write's response the deployment read model shows the write's stream version
 * (works whatever the transport, since the read models record the version they applied).
 */
export class StreamVersionProbe {
  private readonly pending = new Map<string, { version: number; at: number }[]>();
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

  /** Records that deployment `name` reached `version` in a response received now. */
  written(name: string, version: number): void {
    const list = this.pending.get(name) ?? [];
    list.push({ version, at: performance.now() });
    this.pending.set(name, list);
  }

  /** Waits (bounded) until every write is visible, stops polling, and returns how many never were. */
  async finish(timeoutMs = 30_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    clearInterval(this.timer);
    return [...this.pending.values()].reduce((sum, list) => sum + list.length, 0);
  }

  private async poll(): Promise<void> {
    if (this.polling || this.pending.size === 0) return;
    this.polling = true;
    try {
      const { rows } = await this.pool.query<{ name: string; version: number }>('SELECT name, version FROM read.deployments WHERE name = ANY($1)', [[...this.pending.keys()]]);
      const now = performance.now();
      for (const row of rows) {
        const list = this.pending.get(row.name) ?? [];
        const remaining = list.filter((entry) => {
          if (entry.version > row.version) return true;
          this.lagsMs.push(now - entry.at);
          return false;
        });
        if (remaining.length === 0) this.pending.delete(row.name);
        else this.pending.set(row.name, remaining);
      }
    } finally {
      this.polling = false;
    }
  }
}
