import { type Command } from 'commander';
import { KafkaEventBus, kafkaSettingsFromEnv } from '@keel/messaging';
import { startKafkaScheduler, startScheduler } from '@keel/scheduler';
import { runWorker } from '../worker/run-worker';
import { loadWorkerConfig } from '../worker/worker-config';

/**
 * `keel scheduler`: the scheduler role on its own (a leader and standbys), with health endpoints. On the
 * Postgres log the leader holds a lease; on Kafka (`KEEL_TRANSPORT=kafka`) its consumer group gives one
 * member every partition.
 */
export function registerScheduler(program: Command): void {
  program
    .command('scheduler')
    .description('run only the scheduler on DATABASE_URL (split deployment; KEEL_TRANSPORT=kafka reads from KAFKA_BROKERS); /healthz and /readyz on HOST:PORT')
    .action(async () => {
      const config = loadWorkerConfig();
      const onError = (error: unknown): void => console.error(`scheduler: ${(error as Error).message}`);
      await runWorker('scheduler', config, async (store) => {
        if (config.transport === 'postgres') return startScheduler({ store, listen: true, pollIntervalMs: 500, onError });
        const bus = new KafkaEventBus(kafkaSettingsFromEnv());
        const scheduler = await startKafkaScheduler({ store, bus, onError });
        return {
          stop: async () => {
            await scheduler.stop();
            await bus.close();
          },
        };
      });
    });
}
