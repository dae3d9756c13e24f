import { compareCheckpoints, type PostgresEventStore, type Queryable, type RecordedEvent } from '@keel/event-store';
import { type ClusterView } from '@keel/scheduler-application';

/** Events that only record the scheduler's own decisions; they never make a new placement possible. */
const DECISIONS_ONLY: ReadonlySet<string> = new Set(['PodScheduled', 'PodUnschedulable']);

/**
 * Keeps a {@link ClusterView} fed from the log. The view has its own position: an instance that takes
 * over the lease (or starts) first reads the log up to the subscription's checkpoint, so it decides on
 * the whole history, not only on the batches it was handed.
 */
export class ViewFeed {
  private position = '0:0';
  /** Whether something changed since the last successful pass. */
  dirty = true;

  constructor(
    private readonly store: PostgresEventStore,
    readonly view: ClusterView,
  ) {}

  /** Reads the log (through `client`) from the view's position up to (at least) `checkpoint`. */
  async catchUp(checkpoint: string, client: Queryable): Promise<void> {
    while (compareCheckpoints(this.position, checkpoint) < 0) {
      const batch = await this.store.readAll(this.position, 1000, client);
      if (batch.events.length === 0) return;
      this.feed(batch.events);
    }
  }

  /** Forgets everything (after a rolled-back pass, whose local appends never happened); the next batch re-reads the log. */
  reset(): void {
    this.view.clear();
    this.position = '0:0';
    this.dirty = true;
  }

  /** Folds a batch into the view; marks the view dirty when a placement may have become possible. */
  feed(events: readonly RecordedEvent[]): void {
    for (const event of events) {
      if (this.view.apply(event) && !DECISIONS_ONLY.has(event.type)) this.dirty = true;
      if (compareCheckpoints(event.checkpoint, this.position) > 0) this.position = event.checkpoint;
    }
  }
}
