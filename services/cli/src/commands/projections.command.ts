import { type Command } from 'commander';
import {
  changedProjections, detailedStatuses, type DetailedProjectionStatus, type ProjectionStatus, PROJECTIONS, projectionsNamed, projectionStatuses,
  rebuildProjection, type RebuildReport, verifyProjection, type VerifyReport,
} from '@keel/projections';
import { type Pool } from 'pg';
import { UsageError } from '../config';
import { type Print } from '../history/store';
import { usageOnBadInput, withProjectionsPool } from '../projections/database';
import { progressFor, type ProgressDisplay } from '../projections/progress';
import { listTable, rebuildLine, statusLines, verifyLines } from '../projections/render';

/** Options of `keel projections rebuild`. */
export interface RebuildCommandOptions {
  all?: boolean;
  changed?: boolean;
  json?: boolean;
  /** Where progress goes (default: none). */
  progress?: ProgressDisplay;
  signal?: AbortSignal;
  /** Events per read and per committed chunk (defaults of the library; tests use small ones). */
  batchSize?: number;
  chunkEvents?: number;
}

/** Options of `keel projections verify`. */
export interface VerifyCommandOptions {
  json?: boolean;
  progress?: ProgressDisplay;
}

/** `keel projections list`: name, state, versions, checkpoint and lag of every projection. */
export async function runProjectionsList(pool: Pool, options: { json?: boolean }, print: Print = console.log): Promise<ProjectionStatus[]> {
  const statuses = await projectionStatuses(pool, PROJECTIONS);
  print(options.json ? JSON.stringify(statuses) : listTable(statuses));
  return statuses;
}

/** `keel projections status [name]`: one projection (or all) in detail, with its builds and table sizes. */
export async function runProjectionsStatus(pool: Pool, name: string | undefined, options: { json?: boolean }, print: Print = console.log): Promise<DetailedProjectionStatus[]> {
  const selected = await usageOnBadInput(async () => (name === undefined ? [...PROJECTIONS] : projectionsNamed([name])));
  const statuses = await detailedStatuses(pool, selected);
  if (options.json) print(JSON.stringify(name === undefined ? statuses : statuses[0]));
  else statuses.flatMap(statusLines).forEach((line) => print(line));
  return statuses;
}

async function selectForRebuild(pool: Pool, names: readonly string[], options: RebuildCommandOptions) {
  const modes = [names.length > 0, Boolean(options.all), Boolean(options.changed)].filter(Boolean).length;
  if (modes === 0) throw new UsageError(`name the projections to rebuild (${PROJECTIONS.map((p) => p.name).join(', ')}), or pass --all or --changed`);
  if (modes > 1) throw new UsageError('give projection names, --all or --changed: only one of them');
  if (options.all) return [...PROJECTIONS];
  if (options.changed) return changedProjections(pool, PROJECTIONS);
  return usageOnBadInput(async () => projectionsNamed(names));
}

/**
 * `keel projections rebuild <name...> | --all | --changed`: blue/green rebuilds, one after the other.
 * Answers the reports; throws on the first failure (an interrupted rebuild resumes on the next run).
 */
export async function runProjectionsRebuild(pool: Pool, names: readonly string[], options: RebuildCommandOptions, print: Print = console.log): Promise<RebuildReport[]> {
  const selected = await selectForRebuild(pool, names, options);
  if (selected.length === 0) {
    print(options.json ? '[]' : 'nothing to rebuild: every projection is at its code version');
    return [];
  }
  const reports: RebuildReport[] = [];
  for (const projection of selected) {
    try {
      reports.push(
        await rebuildProjection(pool, projection, {
          ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
          ...(options.chunkEvents === undefined ? {} : { chunkEvents: options.chunkEvents }),
          ...(options.signal === undefined ? {} : { signal: options.signal }),
          onProgress: (p) => options.progress?.update(p),
          log: (line) => {
            options.progress?.stop();
            if (!options.json) print(line);
          },
        }),
      );
    } finally {
      options.progress?.stop();
    }
    if (!options.json) print(rebuildLine(reports[reports.length - 1]!));
  }
  if (options.json) print(JSON.stringify(reports));
  return reports;
}

/** `keel projections verify [name...]`: rebuilds into a shadow schema and compares; answers the reports (drift: `equal` false). */
export async function runProjectionsVerify(pool: Pool, names: readonly string[], options: VerifyCommandOptions, print: Print = console.log): Promise<VerifyReport[]> {
  const selected = await usageOnBadInput(async () => (names.length === 0 ? [...PROJECTIONS] : projectionsNamed(names)));
  const reports: VerifyReport[] = [];
  for (const projection of selected) {
    try {
      reports.push(await verifyProjection(pool, projection, { onProgress: (p) => options.progress?.update(p) }));
    } finally {
      options.progress?.stop();
    }
    if (!options.json) verifyLines(reports[reports.length - 1]!).forEach((line) => print(line));
  }
  if (options.json) print(JSON.stringify(reports));
  return reports;
}

/** Stops a rebuild between batches on Ctrl-C; its committed chunks are kept for the next run. */
function interruptible(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (): void => controller.abort(new Error('interrupted; run the same command again to resume from the last committed chunk'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** Registers `keel projections list|status|rebuild|verify`. */
export function registerProjections(program: Command): void {
  const projections = program.command('projections').description('inspect, rebuild (blue/green) and verify the projections of the log (DATABASE_URL)');
  projections
    .command('list')
    .description('every projection: state (live, rebuilding, needs-rebuild), code vs stored version, checkpoint, lag')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => withProjectionsPool((pool) => runProjectionsList(pool, options)).then(() => undefined));
  projections
    .command('status')
    .description('one projection (default: all) in detail: versions, subscription, checkpoint, lag, builds in progress, table sizes')
    .argument('[name]', 'projection name')
    .option('--json', 'print JSON')
    .action((name: string | undefined, options: { json?: boolean }) => withProjectionsPool((pool) => runProjectionsStatus(pool, name, options)).then(() => undefined));
  projections
    .command('rebuild')
    .description('rebuild blue/green: new tables in a staging schema while the live ones serve, then an atomic swap; resumable')
    .argument('[names...]', 'projections to rebuild')
    .option('--all', 'rebuild every projection')
    .option('--changed', 'rebuild only projections whose code version differs from the one their tables were built with')
    .option('--json', 'print the reports as JSON')
    .action(async (names: string[], options: RebuildCommandOptions) => {
      const stop = interruptible();
      try {
        await withProjectionsPool((pool) => runProjectionsRebuild(pool, names, { ...options, progress: progressFor(), signal: stop.signal }));
      } finally {
        stop.dispose();
      }
    });
  projections
    .command('verify')
    .description('rebuild into a shadow schema and diff it with the live tables at the same checkpoint; exit code 1 on drift')
    .argument('[names...]', 'projections to verify (default: all)')
    .option('--json', 'print the reports as JSON')
    .action(async (names: string[], options: VerifyCommandOptions) => {
      const reports = await withProjectionsPool((pool) => runProjectionsVerify(pool, names, { ...options, progress: progressFor() }));
      if (reports.some((r) => !r.equal)) process.exitCode = 1;
    });
}
