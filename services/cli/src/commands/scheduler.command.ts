import { type Command } from 'commander';
import { startScheduler } from '@keel/scheduler';
import { runWorker } from '../worker/run-worker';
import { loadWorkerConfig } from '../worker/worker-config';

/** `keel scheduler`: the scheduler role on its own (leader + standby by lease), with health endpoints. */
export function registerScheduler(program: Command): void {
  program
    .command('scheduler')
    .description('run only the scheduler on DATABASE_URL (split deployment); /healthz and /readyz on HOST:PORT')
    .action(async () => {
      await runWorker('scheduler', loadWorkerConfig(), (store) =>
        startScheduler({ store, listen: true, pollIntervalMs: 500, onError: (error) => console.error(`scheduler: ${(error as Error).message}`) }),
      );
    });
}
