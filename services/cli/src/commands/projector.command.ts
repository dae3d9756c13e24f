import { type Command } from 'commander';
import { KafkaEventBus, kafkaSettingsFromEnv } from '@keel/messaging';
import { KafkaReadModelProjector, ReadModelProjector } from '@keel/read-models';
import { runWorker } from '../worker/run-worker';
import { loadWorkerConfig } from '../worker/worker-config';

/**
 * `keel projector`: the read-model projector role on its own, with health endpoints. On the Postgres log
 * one replica is active (by lease); on Kafka (`KEEL_TRANSPORT=kafka`) replicas share the partitions as a
 * consumer group.
 */
export function registerProjector(program: Command): void {
  program
    .command('projector')
    .description('run only the read-model projector on DATABASE_URL (split deployment; KEEL_TRANSPORT=kafka reads from KAFKA_BROKERS); /healthz and /readyz on HOST:PORT')
    .action(async () => {
      const config = loadWorkerConfig();
      const onError = (error: unknown, attempt: number): void => console.error(`projector: batch failed (attempt ${attempt}): ${(error as Error).message}`);
      await runWorker('projector', config, async (store) => {
        if (config.transport === 'kafka') {
          const bus = new KafkaEventBus(kafkaSettingsFromEnv());
          const projector = new KafkaReadModelProjector(store.pool, bus, { onError });
          await projector.start();
          return {
            stop: async () => {
              await projector.stop();
              await bus.close();
            },
          };
        }
        const projector = new ReadModelProjector(store, { listen: true, pollIntervalMs: 500, onError });
        await projector.start();
        return projector;
      });
    });
}
