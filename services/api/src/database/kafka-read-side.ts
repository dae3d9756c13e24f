import { type PostgresEventStore } from '@keel/event-store';
import { type EventBus, KafkaEventBus, kafkaSettingsFromEnv, OutboxRelay } from '@keel/messaging';
import { KafkaReadModelProjector } from '@keel/read-models';

/** Options of {@link startKafkaReadSide}. */
export interface KafkaReadSideOptions {
  /** Project the read models from the consumer group here too (else `keel projector` replicas do). */
  readonly runProjector: boolean;
  /** The relay's pause between batches (default 0). */
  readonly relayLingerMs?: number;
  readonly onError: (error: unknown, attempt: number) => void;
}

/**
 * The Kafka transport's work in the API process: the outbox relay (one active across processes, by
 * lease) and, unless turned off, the read models from the `read-models` consumer group. Fails when the
 * broker is unusable, with nothing left open. Settings come from the environment.
 */
export async function startKafkaReadSide(store: PostgresEventStore, options: KafkaReadSideOptions): Promise<{ bus: EventBus; stop: () => Promise<void> }> {
  const bus = new KafkaEventBus(kafkaSettingsFromEnv());
  const relay = new OutboxRelay(store, bus, { onError: options.onError, ...(options.relayLingerMs === undefined ? {} : { lingerMs: options.relayLingerMs }) });
  const projector = options.runProjector ? new KafkaReadModelProjector(store.pool, bus, { onError: options.onError }) : undefined;
  try {
    await relay.start();
    await projector?.start();
  } catch (error) {
    await relay.stop().catch(() => undefined);
    await bus.close().catch(() => undefined);
    throw error;
  }
  return {
    bus,
    stop: async () => {
      await projector?.stop();
      await relay.stop();
      await bus.close();
    },
  };
}
