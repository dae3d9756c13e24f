import { type Command } from 'commander';
import { type PostgresEventStore } from '@keel/event-store';
import { type ClusterDiff, type ClusterPicture, clusterAt, clusterDiff, parseAsOf } from '@keel/history';
import { diffLines, pictureTables } from '../history/picture-tables';
import { type Print, usageOnBadMoment, withEventStore } from '../history/store';

/** Options of `keel state`. */
export interface StateOptions {
  asOf?: string;
  json?: boolean;
}

/** Options of `keel diff`. */
export interface DiffOptions {
  from?: string;
  to?: string;
  json?: boolean;
}

/** `keel state`: the cluster rebuilt from the log at `--as-of` (default: the head); tables, or one JSON document. */
export async function runState(store: PostgresEventStore, options: StateOptions, print: Print = console.log): Promise<ClusterPicture> {
  const asOf = await usageOnBadMoment(() => (options.asOf === undefined ? { kind: 'position' as const, position: Number.MAX_SAFE_INTEGER } : parseAsOf(options.asOf, '--as-of')));
  const picture = await usageOnBadMoment(() => clusterAt(store, asOf, '--as-of'));
  print(options.json ? JSON.stringify(picture) : pictureTables(picture));
  return picture;
}

/** `keel diff`: what changed between `--from` and `--to`; one line per change, or one JSON document. */
export async function runDiff(store: PostgresEventStore, options: DiffOptions, print: Print = console.log): Promise<ClusterDiff> {
  const [from, to] = await usageOnBadMoment(() => [parseAsOf(options.from, '--from'), parseAsOf(options.to, '--to')] as const);
  const diff = await usageOnBadMoment(() => clusterDiff(store, from, to, { from: '--from', to: '--to' }));
  if (options.json) print(JSON.stringify(diff));
  else diffLines(diff).forEach((line) => print(line));
  return diff;
}

const MOMENT = 'an ISO time (2025-01-01T12:00:00Z), a global position (42) or a checkpoint (<transactionId>:<position>)';

/** Registers `keel state --as-of` and `keel diff --from --to`: time travel over the event log. */
export function registerTimeTravel(program: Command): void {
  program
    .command('state')
    .description('print nodes, GPU allocation, deployments and pods as they were at a moment, rebuilt from events (DATABASE_URL)')
    .option('--as-of <moment>', `${MOMENT}; default: now`)
    .option('--json', 'print the picture as JSON')
    .action((options: StateOptions) => withEventStore((store) => runState(store, options)).then(() => undefined));
  program
    .command('diff')
    .description('print what changed between two moments: nodes, deployments, pods (DATABASE_URL)')
    .option('--from <moment>', MOMENT)
    .option('--to <moment>', MOMENT)
    .option('--json', 'print the changes as JSON')
    .action((options: DiffOptions) => withEventStore((store) => runDiff(store, options)).then(() => undefined));
}
