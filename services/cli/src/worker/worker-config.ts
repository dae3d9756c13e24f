import { z } from 'zod';
import { UsageError } from '../config';

const schema = z.object({
  DATABASE_URL: z.string({ error: 'required: a worker role runs on a real Postgres' }).regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  KEEL_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(5),
  KEEL_TRANSPORT: z.enum(['postgres', 'kafka']).default('postgres'),
});

/** Environment variables the worker roles (`keel projector`, `keel scheduler`) read. */
export const WORKER_ENV_VARS: readonly string[] = Object.keys(schema.shape);

/** Configuration of a worker role: its database and the address of its health endpoints. */
export interface WorkerConfig {
  readonly databaseUrl: string;
  readonly host: string;
  readonly port: number;
  readonly poolSize: number;
  /** Where the role reads events: the Postgres log, or Kafka (then `KAFKA_BROKERS` and the `KEEL_KAFKA_*` settings apply). */
  readonly transport: 'postgres' | 'kafka';
}

/** Reads and validates the worker environment; throws a {@link UsageError} naming the bad variable. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${issue.path.join('.')}: ${issue.message}`);
  }
  const c = parsed.data;
  return { databaseUrl: c.DATABASE_URL, host: c.HOST, port: c.PORT, poolSize: c.KEEL_DB_POOL_SIZE, transport: c.KEEL_TRANSPORT };
}
