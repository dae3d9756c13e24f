import { type Command } from 'commander';
import { parseAsOf } from '@keel/history';
import { READ_MODELS_PROJECTION, replayInto, type ReplayReport } from '@keel/projections';
import { type Pool } from 'pg';
import { UsageError } from '../config';
import { type Print } from '../history/store';
import { usageOnBadInput, withProjectionsPool } from '../projections/database';
import { progressFor, type ProgressDisplay } from '../projections/progress';

/** Options of `keel replay`. */
export interface ReplayCommandOptions {
  until?: string;
  into?: string;
  json?: boolean;
  progress?: ProgressDisplay;
}

/** `keel replay --until <moment> --into <schema>`: the read models as of a moment, in a new schema beside the live ones. */
export async function runReplay(pool: Pool, options: ReplayCommandOptions, print: Print = console.log): Promise<ReplayReport> {
  const until = await usageOnBadInput(async () => parseAsOf(options.until, '--until'));
  if (options.into === undefined || options.into.trim() === '') throw new UsageError('--into: is required (the name of a new schema for the copy)');
  let report: ReplayReport;
  try {
    report = await usageOnBadInput(() =>
      replayInto(pool, READ_MODELS_PROJECTION, options.into!.trim(), until, {
        parameters: { into: '--into', until: '--until' },
        onProgress: (p) => options.progress?.update(p),
      }),
    );
  } finally {
    options.progress?.stop();
  }
  if (options.json) print(JSON.stringify(report));
  else print(`replayed ${report.events} events into schema ${report.schema} (until ${report.until}, checkpoint ${report.checkpoint}); e.g. SELECT * FROM ${report.schema}.nodes`);
  return report;
}

const MOMENT = 'an ISO time (2025-01-01T12:00:00Z), a global position (42) or a checkpoint (<transactionId>:<position>)';

/** Registers `keel replay`: forensic copies of the read models. */
export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('project the log up to a moment into a new schema: a forensic copy of the read models beside the live ones (DATABASE_URL)')
    .option('--until <moment>', MOMENT)
    .option('--into <schema>', 'a new (or empty) schema for the copy; not read, es or another existing one')
    .option('--json', 'print the report as JSON')
    .action((options: ReplayCommandOptions) => withProjectionsPool((pool) => runReplay(pool, { ...options, progress: progressFor() })).then(() => undefined));
}
