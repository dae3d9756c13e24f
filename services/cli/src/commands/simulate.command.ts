import { readFileSync } from 'node:fs';
import { type Command } from 'commander';
import { DomainError } from '@keel/kernel';
import { OPENB_POLICIES, type OpenbPolicy, runOpenb, simulate } from '@keel/scheduler-simulator';
import { UsageError } from '../config';

interface SimulateOptions {
  input?: string;
  format: string;
  nodes?: string;
  pods?: string;
  policy: string;
  seed: string;
  json?: boolean;
}

/**
 * `keel simulate`: what-if scheduling, offline. `--input cluster.json` places a workload on a cluster with
 * the live scheduler's plugins; `--format openb` runs the FGD paper's protocol on an openb trace.
 */
export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('what-if scheduling: --input cluster.json, or --format openb --nodes <csv> --pods <csv> --policy <p>')
    .option('--input <file>', 'cluster and workload JSON: { "nodes": [...], "pods": [...] }')
    .option('--format <format>', 'input format: json or openb', 'json')
    .option('--nodes <csv>', 'openb node list CSV')
    .option('--pods <csv>', 'openb pod list CSV (11- or 5-column)')
    .option('--policy <policy>', `openb scoring policy: ${OPENB_POLICIES.join('|')}`, 'fgd')
    .option('--seed <n>', 'shuffle seed', '42')
    .option('--json', 'print JSON only')
    .action((options: SimulateOptions) => {
      const result = options.format === 'openb' ? runOpenbFromFiles(options) : runJson(options);
      console.log(JSON.stringify(result, null, options.json ? 0 : 2));
    });
}

function runJson(options: SimulateOptions): unknown {
  if (options.format !== 'json') throw new UsageError(`--format: must be json or openb, got "${options.format}"`);
  if (!options.input) throw new UsageError('--input: a cluster JSON file is required');
  let raw: unknown;
  try {
    raw = JSON.parse(readText(options.input, '--input'));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--input: ${options.input} is not valid JSON: ${(error as Error).message}`);
  }
  return asUsageError(() => simulate(raw));
}

function runOpenbFromFiles(options: SimulateOptions): unknown {
  if (!options.nodes || !options.pods) throw new UsageError('--nodes and --pods: both CSV files are required with --format openb');
  if (!(OPENB_POLICIES as readonly string[]).includes(options.policy)) throw new UsageError(`--policy: must be one of ${OPENB_POLICIES.join(', ')}`);
  const seed = Number(options.seed);
  if (!Number.isSafeInteger(seed)) throw new UsageError('--seed: must be an integer');
  const nodesCsv = readText(options.nodes, '--nodes');
  const podsCsv = readText(options.pods, '--pods');
  return asUsageError(() => runOpenb({ nodesCsv, podsCsv, policy: options.policy as OpenbPolicy, seed }));
}

function readText(path: string, option: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${option}: cannot read ${path}: ${(error as Error).message}`);
  }
}

/** Malformed input is the caller's mistake: exit code 2 with the field named. */
function asUsageError<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof DomainError && error.code === 'Validation') throw new UsageError(error.message);
    throw error;
  }
}
