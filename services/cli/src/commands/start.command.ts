import { type Command } from 'commander';
import { loadApiConfig, startApi } from '@keel/api';
import { REPO_ROOT } from '../config';
import { isAbsolute, join } from 'node:path';

/** `keel start`: the whole control plane in one process, on DATABASE_URL or embedded PGlite under .keel/. */
export function registerStart(program: Command): void {
  program
    .command('start')
    .description('run the control plane (API, projectors) in one process; embedded Postgres unless DATABASE_URL is set')
    .action(async () => {
      const config = loadApiConfig();
      const dataDir = isAbsolute(config.dataDir) ? config.dataDir : join(REPO_ROOT, config.dataDir);
      const api = await startApi({ ...config, dataDir });
      console.log(`Keel is running at ${api.url}/v1 (database: ${api.infrastructure.databaseLabel})`);
      console.log(`  API docs ${api.url}/v1/docs · health ${api.url}/healthz · stop with Ctrl-C`);
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
      await api.close();
    });
}
