import { type Pool } from 'pg';
import { APPEND_CHANNEL } from './append-listener';

/**
 * Sends the append notification after the append committed, outside its transaction, coalesced to at
 * most one NOTIFY in flight per process. A NOTIFY inside the append transaction would take Postgres'
 * global notify lock at commit and serialise every appending transaction's commit (no group commit).
 */
export class AppendNotifier {
  private inFlight = false;
  private pending = false;

  constructor(private readonly pool: Pool) {}

  /** Asks for a notification; returns at once. */
  notify(): void {
    if (this.inFlight) {
      this.pending = true;
      return;
    }
    this.inFlight = true;
    this.pool
      .query(`SELECT pg_notify('${APPEND_CHANNEL}', '')`)
      .catch(() => undefined)
      .finally(() => {
        this.inFlight = false;
        if (this.pending) {
          this.pending = false;
          this.notify();
        }
      });
  }
}
