import { type PostgresEventStore, Subscription } from '@keel/event-store';
import { projectEvents, READ_MODELS_SUBSCRIPTION } from '@keel/read-models';

/**
 * The live read-model projector (same subscription, same projection) that also records, in the batch's
 * own transaction, which events it applied and which rebuild the projection was at: only committed
 * batches leave a trace, so a test can prove a swap left no gap and applied nothing twice.
 */
export class RecordingProjector {
  readonly subscription: Subscription;

  constructor(private readonly store: PostgresEventStore) {
    this.subscription = new Subscription(store, {
      name: READ_MODELS_SUBSCRIPTION,
      batchSize: 20,
      pollIntervalMs: 10,
      listen: false,
      handler: async (events, tx) => {
        // After the projection: a batch that waited for a swap's locks sees the swap's rebuild here.
        await projectEvents(events, tx);
        await tx.query(
          `INSERT INTO public.applied (position, checkpoint, rebuilt_checkpoint)
           SELECT p, c, (SELECT rebuilt_checkpoint FROM projections.versions WHERE name = $3) FROM unnest($1::bigint[], $2::text[]) AS u(p, c)`,
          [events.map((e) => e.globalPosition), events.map((e) => e.checkpoint), READ_MODELS_SUBSCRIPTION],
        );
      },
    });
  }

  async start(): Promise<void> {
    await this.store.pool.query('CREATE TABLE IF NOT EXISTS public.applied (position bigint NOT NULL, checkpoint text NOT NULL, rebuilt_checkpoint text)');
    await this.subscription.start();
  }

  stop(): Promise<void> {
    return this.subscription.stop();
  }

  /** Every applied event's position with the rebuild checkpoint its batch saw (null before any rebuild). */
  async applied(): Promise<{ position: number; checkpoint: string; rebuilt: string | null }[]> {
    const { rows } = await this.store.pool.query<{ position: number; checkpoint: string; rebuilt: string | null }>(
      'SELECT position::float8 AS position, checkpoint, rebuilt_checkpoint AS rebuilt FROM public.applied ORDER BY position',
    );
    return rows;
  }
}
