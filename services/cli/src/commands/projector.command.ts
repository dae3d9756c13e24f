import { type Command } from 'commander';
import { ReadModelProjector } from '@keel/read-models';
import { runWorker } from '../worker/run-worker';
import { loadWorkerConfig } from '../worker/worker-config';

/** `keel projector`: the read-model projector role on its own (one active replica by lease), with health endpoints. */
export function registerProjector(program: Command): void {
  program
    .command('projector')
    .description('run only the read-model projector on DATABASE_URL (split deployment); /healthz and /readyz on HOST:PORT')
    .action(async () => {
      await runWorker('projector', loadWorkerConfig(), async (store) => {
        const projector = new ReadModelProjector(store, {
          listen: true,
          pollIntervalMs: 500,
          onError: (error, attempt) => console.error(`projector: batch failed (attempt ${attempt}): ${(error as Error).message}`),
        });
        await projector.start();
        return projector;
      });
    });
}
