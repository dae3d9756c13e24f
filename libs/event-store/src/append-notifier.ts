import { type Pool } from 'pg';
import { APPEND_CHANNEL } from './append-listener';

/**
 * Sends the append notification after the append committed, outside its transaction, coalesced to at
 * most one NOTIFY in flight per process and at most one per `minIntervalMs` under load. A NOTIFY inside the append transaction would take Postgres'
 * global notify lock at commit and serialise every appending transaction's commit (no group commit).
 */
export class AppendNotifier {
  private inFlight = false;
  private pending = false;

  constructor(
    private readonly pool: Pool,
    private readonly minIntervalMs = 5,
  ) {}

  /** Asks for a notification; returns at once. */
  notify(): void {
    if (this.inFlight) {
      this.pending = true;
      return;
    }
    this.inFlight = true;
    this.pending = false;
    this.pool
      .query({ name: 'es_notify_append', text: `SELECT pg_notify('${APPEND_CHANNEL}', '')` })
      .catch(() => undefined)
      .finally(() => {
        if (!this.pending) {
          this.inFlight = false;
          return;
        }
        setTimeout(() => {
          this.inFlight = false;
          this.notify();
        }, this.minIntervalMs).unref();
      });
  }
}
