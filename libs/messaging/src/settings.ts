import { z } from 'zod';

/** Broker and topic configuration of the Kafka transport. */
export interface KafkaSettings {
  /** Bootstrap brokers, `host:port`. */
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** Topic name = prefix + stream type (default `keel.events.`); the dead-letter topic is prefix + `dlq`. */
  readonly topicPrefix: string;
  /** Partitions per stream type; also the stream types consumers subscribe to. */
  readonly partitions: Readonly<Record<string, number>>;
  /** Partitions of topics for stream types not listed (and of the dead-letter topic). */
  readonly defaultPartitions: number;
  /** How long to try reaching the broker at startup before failing (default 10 s). */
  readonly connectTimeoutMs: number;
}

/** Stream types Keel writes, with their default partition counts. */
export const DEFAULT_PARTITIONS: Readonly<Record<string, number>> = { node: 3, deployment: 3, model: 1 };

/** Parses `node=6,deployment=6,model=1`; throws naming the bad entry. */
export function parsePartitions(spec: string): Record<string, number> {
  const result: Record<string, number> = {};
  for (const entry of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const match = /^([a-z0-9_-]+)=(\d+)$/i.exec(entry);
    const count = match ? Number(match[2]) : 0;
    if (!match || count < 1) throw new RangeError(`KEEL_KAFKA_PARTITIONS entry "${entry}" is not <streamType>=<partitions ≥ 1>`);
    result[match[1] as string] = count;
  }
  return result;
}

const envSchema = z.object({
  KAFKA_BROKERS: z
    .string({ error: 'is not set (e.g. KAFKA_BROKERS=127.0.0.1:9092; `npm run kafka:start` runs a local broker)' })
    .regex(/^\s*[^,\s]+:\d+\s*(,\s*[^,\s]+:\d+\s*)*$/, 'must be host:port[,host:port…]'),
  KEEL_KAFKA_TOPIC_PREFIX: z.string().regex(/^[a-zA-Z0-9._-]+$/, 'must be letters, digits, ".", "_" or "-"').default('keel.events.'),
  KEEL_KAFKA_PARTITIONS: z.string().optional(),
  KEEL_KAFKA_DEFAULT_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(1),
  KEEL_KAFKA_CLIENT_ID: z.string().min(1).default('keel'),
  KEEL_KAFKA_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
});

/** Environment variables {@link kafkaSettingsFromEnv} reads (for deployment checks). */
export const KAFKA_ENV_VARS: readonly string[] = Object.keys(envSchema.shape);

/**
 * Reads and validates the settings from the environment: `KAFKA_BROKERS` (required, comma-separated),
 * `KEEL_KAFKA_TOPIC_PREFIX`, `KEEL_KAFKA_PARTITIONS` (`type=n,…`), `KEEL_KAFKA_DEFAULT_PARTITIONS`,
 * `KEEL_KAFKA_CLIENT_ID`, `KEEL_KAFKA_CONNECT_TIMEOUT_MS`. Throws naming the first bad variable.
 */
export function kafkaSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): KafkaSettings {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RangeError(`${issue.path.join('.')} ${issue.message}`);
  }
  const c = parsed.data;
  return {
    brokers: c.KAFKA_BROKERS.split(',').map((b) => b.trim()),
    clientId: c.KEEL_KAFKA_CLIENT_ID,
    topicPrefix: c.KEEL_KAFKA_TOPIC_PREFIX,
    partitions: c.KEEL_KAFKA_PARTITIONS ? parsePartitions(c.KEEL_KAFKA_PARTITIONS) : DEFAULT_PARTITIONS,
    defaultPartitions: c.KEEL_KAFKA_DEFAULT_PARTITIONS,
    connectTimeoutMs: c.KEEL_KAFKA_CONNECT_TIMEOUT_MS,
  };
}

/** Topic of a stream type. */
export function topicFor(settings: Pick<KafkaSettings, 'topicPrefix'>, streamType: string): string {
  return `${settings.topicPrefix}${streamType}`;
}

/** The dead-letter topic. */
export function deadLetterTopic(settings: Pick<KafkaSettings, 'topicPrefix'>): string {
  return `${settings.topicPrefix}dlq`;
}
