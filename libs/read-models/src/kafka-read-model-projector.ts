import { type BusSubscription, type EventBus, inTransaction } from '@keel/messaging';
import { type Pool } from 'pg';
import { projectEvents } from './projection/project-events';
import { READ_MODELS_SUBSCRIPTION } from './read-model-projector';

/** Options of {@link KafkaReadModelProjector}. */
export interface KafkaReadModelProjectorOptions {
  /** Consumer group (default `read-models`); replicas in one group share the partitions. */
  readonly group?: string;
  /** Partitions projected side by side, each in its own transaction (default 3). */
  readonly concurrency?: number;
  /** Attempts per event before it is dead-lettered (default 5). */
  readonly maxAttempts?: number;
  readonly onError?: (error: unknown, attempt: number) => void;
}

/**
 * Keeps the read models from the broker instead of the Postgres log: a consumer-group member whose batches
 * (one partition each, in order) are projected in one transaction; offsets are committed after it commits.
 * Redelivered or duplicated events change nothing: the read models skip stream versions already applied.
 */
export class KafkaReadModelProjector {
  private subscription: BusSubscription | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly bus: EventBus,
    private readonly options: KafkaReadModelProjectorOptions = {},
  ) {}

  /** Joins the group and projects in the background. */
  async start(): Promise<void> {
    this.subscription = await this.bus.subscribe(this.options.group ?? READ_MODELS_SUBSCRIPTION, inTransaction(this.pool, projectEvents), {
      concurrency: this.options.concurrency ?? 3,
      ...(this.options.maxAttempts === undefined ? {} : { maxAttempts: this.options.maxAttempts }),
      ...(this.options.onError === undefined ? {} : { onError: this.options.onError }),
    });
  }

  /** Finishes the batch in flight and leaves the group. */
  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = undefined;
  }
}
