import { type Command } from 'commander';
import { loadApiConfig, startApi } from '@keel/api';
import { KafkaEventBus, kafkaSettingsFromEnv } from '@keel/messaging';
import { startKafkaScheduler, startScheduler } from '@keel/scheduler';
import { loadStartConfig, REPO_ROOT } from '../config';
import { isAbsolute, join } from 'node:path';

/** `keel start`: the whole control plane in one process, on DATABASE_URL or embedded PGlite under .keel/. */
export function registerStart(program: Command): void {
  program
    .command('start')
    .description('run the control plane (API, projectors, scheduler) in one process; embedded Postgres unless DATABASE_URL is set')
    .action(async () => {
      const config = loadApiConfig();
      const { runScheduler } = loadStartConfig();
      const dataDir = isAbsolute(config.dataDir) ? config.dataDir : join(REPO_ROOT, config.dataDir);
      const api = await startApi({ ...config, dataDir });
      const { store, embedded } = api.infrastructure;
      const onError = (error: unknown): void => console.error(`scheduler: ${(error as Error).message}`);
      const bus = runScheduler && config.transport === 'kafka' ? new KafkaEventBus(kafkaSettingsFromEnv()) : undefined;
      const scheduler = !runScheduler
        ? undefined
        : bus
          ? await startKafkaScheduler({ store, bus, onError })
          : await startScheduler({ store, listen: !embedded, pollIntervalMs: embedded ? 50 : 500, onError });
      console.log(`Keel is running at ${api.url}/v1 (database: ${api.infrastructure.databaseLabel})`);
      console.log(`  API docs ${api.url}/v1/docs · health ${api.url}/healthz · stop with Ctrl-C`);
      if (api.grpcAddress) console.log(`  gRPC ${api.grpcAddress} (keel.v1, health, reflection)`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      console.log('stopping…');
      await scheduler?.stop();
      await bus?.close();
      await api.close();
    });
}
