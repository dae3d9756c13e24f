import { type RecordedEvent } from '@keel/event-store';
import { type Admin, Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { encodeEvent } from './codec';
import { type BusHandler, type BusSubscription, type EventBus, type PartitionOffsets, type SubscribeOptions } from './event-bus';
import { GroupConsumer } from './group-consumer';
import { type KafkaSettings, deadLetterTopic, topicFor } from './settings';
import { KafkaStartupError, ensureTopics } from './topics';

/** Options of {@link KafkaEventBus}. */
export interface KafkaEventBusOptions {
  /** kafkajs log level (default WARN). */
  readonly logLevel?: logLevel;
}

/**
 * The {@link EventBus} on Apache Kafka (kafkajs): an idempotent producer (acks = all) writing each event to
 * `<prefix><streamType>` keyed by stream id, so a stream's events stay ordered in one partition.
 */
export class KafkaEventBus implements EventBus {
  private readonly kafka: Kafka;
  /** A client without its own retries for startup checks, so the connect deadline is ours. */
  private readonly adminKafka: Kafka;
  private producerReady: Promise<Producer> | undefined;
  /** A long-lived admin client for offset queries (read-your-writes polls them). */
  private offsetsAdmin: Promise<Admin> | undefined;
  private readonly ensured = new Set<string>();
  private readonly subscriptions = new Set<GroupConsumer>();

  constructor(
    readonly settings: KafkaSettings,
    options: KafkaEventBusOptions = {},
  ) {
    const base = { clientId: settings.clientId, brokers: [...settings.brokers], logLevel: options.logLevel ?? logLevel.WARN, connectionTimeout: 3_000 };
    this.kafka = new Kafka({ ...base, retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5_000 } });
    this.adminKafka = new Kafka({ ...base, retry: { retries: 0 } });
  }

  async ensureTopics(streamTypes: readonly string[] = Object.keys(this.settings.partitions)): Promise<void> {
    const wanted = streamTypes.filter((type) => !this.ensured.has(type));
    if (wanted.length === 0 && this.ensured.size > 0) return;
    const admin = await this.connectAdmin();
    try {
      await ensureTopics(admin, this.settings, wanted);
      for (const type of wanted) this.ensured.add(type);
    } finally {
      await admin.disconnect();
    }
  }

  async publish(events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const byTopic = new Map<string, RecordedEvent[]>();
    for (const event of events) {
      const list = byTopic.get(event.streamType);
      if (list) list.push(event);
      else byTopic.set(event.streamType, [event]);
    }
    const unknown = [...byTopic.keys()].filter((type) => !this.ensured.has(type));
    if (unknown.length > 0) await this.ensureTopics(unknown);
    const producer = await this.producer();
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([type, list]) => ({ topic: topicFor(this.settings, type), messages: list.map(encodeEvent) })),
    });
  }

  async subscribe(group: string, handler: BusHandler, options: SubscribeOptions = {}): Promise<BusSubscription> {
    const streamTypes = options.streamTypes ?? Object.keys(this.settings.partitions);
    await this.ensureTopics(streamTypes);
    const consumer = new GroupConsumer(
      {
        kafka: this.kafka,
        group,
        topics: streamTypes.map((type) => topicFor(this.settings, type)),
        deadLetterTopic: deadLetterTopic(this.settings),
        producer: () => this.producer(),
        options,
      },
      handler,
    );
    await consumer.start();
    this.subscriptions.add(consumer);
    return {
      stop: async () => {
        this.subscriptions.delete(consumer);
        await consumer.stop();
      },
    };
  }

  async endOffsets(streamTypes: readonly string[] = Object.keys(this.settings.partitions)): Promise<PartitionOffsets> {
    const admin = await this.admin();
    const result = new Map<string, bigint>();
    for (const type of streamTypes) {
      const topic = topicFor(this.settings, type);
      for (const { partition, high } of await admin.fetchTopicOffsets(topic)) result.set(`${topic}:${partition}`, BigInt(high));
    }
    return result;
  }

  async committedOffsets(group: string, streamTypes: readonly string[] = Object.keys(this.settings.partitions)): Promise<PartitionOffsets> {
    const admin = await this.admin();
    const topics = streamTypes.map((type) => topicFor(this.settings, type));
    const result = new Map<string, bigint>();
    for (const { topic, partitions } of await admin.fetchOffsets({ groupId: group, topics })) {
      for (const { partition, offset } of partitions) if (offset !== '-1') result.set(`${topic}:${partition}`, BigInt(offset));
    }
    return result;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.subscriptions.clear();
    const admin = this.offsetsAdmin;
    this.offsetsAdmin = undefined;
    if (admin) await (await admin.catch(() => undefined))?.disconnect();
    const ready = this.producerReady;
    this.producerReady = undefined;
    if (ready) await (await ready.catch(() => undefined))?.disconnect();
  }

  private producer(): Promise<Producer> {
    this.producerReady ??= (async () => {
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
      return producer;
    })();
    this.producerReady.catch(() => (this.producerReady = undefined));
    return this.producerReady;
  }

  private admin(): Promise<Admin> {
    this.offsetsAdmin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })();
    this.offsetsAdmin.catch(() => (this.offsetsAdmin = undefined));
    return this.offsetsAdmin;
  }

  private async connectAdmin(): Promise<Admin> {
    const admin = this.adminKafka.admin();
    const deadline = Date.now() + this.settings.connectTimeoutMs;
    for (;;) {
      try {
        await admin.connect();
        await admin.describeCluster();
        return admin;
      } catch (error) {
        if (Date.now() >= deadline) {
          await admin.disconnect().catch(() => undefined);
          const reason = error instanceof Error ? error.message : String(error);
          throw new KafkaStartupError(`Kafka broker unreachable at ${this.settings.brokers.join(',')} after ${this.settings.connectTimeoutMs} ms: ${reason}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }
}
