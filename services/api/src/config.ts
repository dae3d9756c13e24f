import { z } from 'zod';

const schema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  KEEL_GRPC_PORT: z.coerce.number().int().min(0).max(65535).default(50051),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  KEEL_DATA_DIR: z.string().min(1).default('.keel/data'),
  KEEL_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  KEEL_READ_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
  KEEL_RUN_PROJECTOR: z.enum(['true', 'false']).default('true'),
  KEEL_PROJECTOR_THREAD: z.enum(['true', 'false']).default('true'),
  KEEL_TRANSPORT: z.enum(['postgres', 'kafka']).default('postgres'),
  KEEL_GROUP_COMMIT: z.enum(['true', 'false']).default('true'),
  KEEL_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Environment variables the API service reads (for deployment checks). */
export const API_ENV_VARS: readonly string[] = Object.keys(schema.shape);

/** Validated configuration of the API service. */
export interface ApiConfig {
  readonly host: string;
  readonly port: number;
  /** Port of the gRPC API on `host` (0: a free one); absent: no gRPC server (callers that need only REST). */
  readonly grpcPort?: number;
  /** A real Postgres; when absent the service runs on embedded PGlite under `dataDir`. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly poolSize: number;
  /** Longest a read with `minCheckpoint` waits for the read models to catch up. */
  readonly readWaitMs: number;
  /** Run the read-model projector in this process (the single-process default). */
  readonly runProjector: boolean;
  /**
   * Run that projector on a worker thread with its own pool (real Postgres only), so a busy API event loop
   * does not delay the read models; off, it shares the API's event loop.
   */
  readonly projectorThread: boolean;
  /** Where the projector reads events: the Postgres log, or Kafka (relay + consumer group). */
  readonly transport: 'postgres' | 'kafka';
  /**
   * Group commit: commands arriving together append in one transaction, each with its own outcome
   * (see the event store's `GroupCommit`). On by default.
   */
  readonly groupCommit: boolean;
  readonly logLevel: string;
}

/** Reads and validates the environment once at start-up; throws naming the bad variable. */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid configuration: ${issues.join('; ')}`);
  }
  const c = parsed.data;
  return {
    host: c.HOST,
    port: c.PORT,
    grpcPort: c.KEEL_GRPC_PORT,
    databaseUrl: c.DATABASE_URL,
    dataDir: c.KEEL_DATA_DIR,
    poolSize: c.KEEL_DB_POOL_SIZE,
    readWaitMs: c.KEEL_READ_WAIT_MS,
    runProjector: c.KEEL_RUN_PROJECTOR === 'true',
    projectorThread: c.KEEL_PROJECTOR_THREAD === 'true',
    transport: c.KEEL_TRANSPORT,
    groupCommit: c.KEEL_GROUP_COMMIT === 'true',
    logLevel: c.KEEL_LOG_LEVEL,
  };
}
