import { type Command } from 'commander';
import { benchApi, benchEventStore, benchKafka, benchProjections, benchSchedulerRun, writeResult } from '@keel/bench';
import { ensureLocalKafka } from '../local-kafka';
import { BENCH_RESULTS_DIR, LOCAL_POSTGRES_URL, loadCliConfig, MIGRATIONS_DIR, REPO_ROOT, UsageError } from '../config';

interface BenchOptions {
  json?: boolean;
  quick?: boolean;
  nodes: string;
  gpusPerNode: string;
}

function positive(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 100_000) throw new UsageError(`${name}: must be an integer from 1 to 100000`);
  return value;
}

const BENCHMARKS: Record<string, (options: BenchOptions, log: (line: string) => void) => Promise<object>> = {
  'event-store': (options, log) =>
    benchEventStore({
      serverUrl: loadCliConfig().databaseUrl ?? LOCAL_POSTGRES_URL,
      migrationsDir: MIGRATIONS_DIR,
      quick: Boolean(options.quick),
      log,
    }),
  api: (options, log) =>
    benchApi({
      serverUrl: loadCliConfig().databaseUrl ?? LOCAL_POSTGRES_URL,
      migrationsDir: MIGRATIONS_DIR,
      repoRoot: REPO_ROOT,
      quick: Boolean(options.quick),
      log,
    }),
  kafka: (options, log) =>
    benchKafka({
      serverUrl: loadCliConfig().databaseUrl ?? LOCAL_POSTGRES_URL,
      migrationsDir: MIGRATIONS_DIR,
      repoRoot: REPO_ROOT,
      brokers: loadCliConfig().kafkaBrokers ?? ensureLocalKafka(),
      quick: Boolean(options.quick),
      log,
    }),
  projections: (options, log) =>
    benchProjections({
      serverUrl: loadCliConfig().databaseUrl ?? LOCAL_POSTGRES_URL,
      migrationsDir: MIGRATIONS_DIR,
      repoRoot: REPO_ROOT,
      quick: Boolean(options.quick),
      log,
    }),
  scheduler: async (options) =>
    benchSchedulerRun({ nodes: positive('--nodes', options.nodes), gpusPerNode: positive('--gpus-per-node', options.gpusPerNode), quick: Boolean(options.quick) }),
};

/** `keel bench <name> [--json] [--quick]`: runs a benchmark, prints JSON, writes bench/results/<name>.json. */
export function registerBench(program: Command): void {
  program
    .command('bench')
    .description(`run a benchmark (${Object.keys(BENCHMARKS).join(', ')}) and write bench/results/<name>[-quick].json`)
    .argument('<name>', 'benchmark name')
    .option('--json', 'print only the JSON result on stdout')
    .option('--quick', 'a shorter run (under 30 s)')
    .option('--nodes <n>', 'scheduler: cluster size', '5000')
    .option('--gpus-per-node <n>', 'scheduler: GPUs per node', '8')
    .action(async (name: string, options: BenchOptions) => {
      const run = BENCHMARKS[name];
      if (!run) throw new UsageError(`unknown benchmark "${name}"; choose one of: ${Object.keys(BENCHMARKS).join(', ')}`);
      const log = (line: string): void => {
        (options.json ? process.stderr : process.stdout).write(`${line}\n`);
      };
      const result = await run(options, log);
      const path = writeResult(BENCH_RESULTS_DIR, options.quick ? `${name}-quick` : name, result);
      console.log(JSON.stringify(result, null, options.json ? 0 : 2));
      if (!options.json) console.log(`written to ${path}`);
    });
}
