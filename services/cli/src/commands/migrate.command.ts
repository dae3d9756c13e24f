import { type Command } from 'commander';
import { Client } from 'pg';
import { migrate, readMigrationFiles } from '@keel/migrator';
import { LOCAL_POSTGRES_URL, loadCliConfig, MIGRATIONS_DIR } from '../config';

/** `keel migrate [--dry-run]`: applies forward-only SQL migrations to DATABASE_URL. */
export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply pending SQL migrations from migrations/ to DATABASE_URL (under a lock, checksummed)')
    .option('--dry-run', 'print what would be applied, change nothing')
    .action(async (options: { dryRun?: boolean }) => {
      const url = loadCliConfig().databaseUrl ?? LOCAL_POSTGRES_URL;
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        const report = await migrate(client, readMigrationFiles(MIGRATIONS_DIR), { dryRun: options.dryRun, log: (line) => console.log(line) });
        const verb = options.dryRun ? 'pending' : 'applied';
        const count = options.dryRun ? report.pending.length : report.applied.length;
        console.log(`${count} migration(s) ${verb}; ${report.alreadyApplied.length} already applied`);
      } finally {
        await client.end();
      }
    });
}
