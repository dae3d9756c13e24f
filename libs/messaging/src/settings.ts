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

/** Environment variables {@link kafkaSettingsFromEnv} reads (for deployment checks). */
export const KAFKA_ENV_VARS: readonly string[] = [
  'KAFKA_BROKERS',
  'KEEL_KAFKA_TOPIC_PREFIX',
  'KEEL_KAFKA_PARTITIONS',
  'KEEL_KAFKA_DEFAULT_PARTITIONS',
  'KEEL_KAFKA_CLIENT_ID',
  'KEEL_KAFKA_CONNECT_TIMEOUT_MS',
];

/**
 * Reads the settings from the environment: `KAFKA_BROKERS` (required, comma-separated),
 * `KEEL_KAFKA_TOPIC_PREFIX`, `KEEL_KAFKA_PARTITIONS` (`type=n,…`), `KEEL_KAFKA_DEFAULT_PARTITIONS`,
 * `KEEL_KAFKA_CLIENT_ID`, `KEEL_KAFKA_CONNECT_TIMEOUT_MS`.
 */
export function kafkaSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): KafkaSettings {
  const brokers = (env['KAFKA_BROKERS'] ?? '').split(',').map((b) => b.trim()).filter(Boolean);
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS is not set (e.g. KAFKA_BROKERS=127.0.0.1:9092; `npm run kafka:start` runs a local broker)');
  return {
    brokers,
    clientId: env['KEEL_KAFKA_CLIENT_ID'] ?? 'keel',
    topicPrefix: env['KEEL_KAFKA_TOPIC_PREFIX'] ?? 'keel.events.',
    partitions: env['KEEL_KAFKA_PARTITIONS'] ? parsePartitions(env['KEEL_KAFKA_PARTITIONS']) : DEFAULT_PARTITIONS,
    defaultPartitions: Number(env['KEEL_KAFKA_DEFAULT_PARTITIONS'] ?? 1),
    connectTimeoutMs: Number(env['KEEL_KAFKA_CONNECT_TIMEOUT_MS'] ?? 10_000),
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
