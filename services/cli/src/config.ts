import { join } from 'node:path';
import { z } from 'zod';

/** Repository root (the CLI runs from source). */
export const REPO_ROOT = join(__dirname, '..', '..', '..');
export const MIGRATIONS_DIR = join(REPO_ROOT, 'migrations');
export const BENCH_RESULTS_DIR = join(REPO_ROOT, 'bench', 'results');

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  KAFKA_BROKERS: z
    .string()
    .regex(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, 'must be host:port[,host:port…]')
    .optional(),
});

/** Environment variables the CLI's own commands (e.g. `keel migrate`) read. */
export const CLI_ENV_VARS: readonly string[] = Object.keys(schema.shape);

/** CLI configuration from the environment, validated once. */
export interface CliConfig {
  /** Postgres to use; undefined means "the embedded default" where a command has one. */
  readonly databaseUrl: string | undefined;
  /** Kafka brokers for commands that need one (`bench kafka`); undefined means "start the local broker". */
  readonly kafkaBrokers: readonly string[] | undefined;
}

export function loadCliConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${issue.path.join('.')}: ${issue.message}`);
  }
  return { databaseUrl: parsed.data.DATABASE_URL, kafkaBrokers: parsed.data.KAFKA_BROKERS?.split(',') };
}

const startSchema = z.object({ KEEL_RUN_SCHEDULER: z.enum(['true', 'false']).default('true') });

/** Environment variables `keel start` reads besides the API's own. */
export const START_ENV_VARS: readonly string[] = Object.keys(startSchema.shape);

/** `keel start` options beyond the API's own configuration. */
export interface StartConfig {
  /** Run the scheduler in the same process (default true); turn off when it runs elsewhere. */
  readonly runScheduler: boolean;
}

/** Reads `KEEL_RUN_SCHEDULER` (default `true`); throws a {@link UsageError} naming a bad value. */
export function loadStartConfig(env: NodeJS.ProcessEnv = process.env): StartConfig {
  const parsed = startSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${issue.path.join('.')}: ${issue.message}`);
  }
  return { runScheduler: parsed.data.KEEL_RUN_SCHEDULER === 'true' };
}

/** Local Postgres used by tools that need a real server when DATABASE_URL is not set. */
export const LOCAL_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Bad command-line input: printed without a stack trace, exit code 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
}
