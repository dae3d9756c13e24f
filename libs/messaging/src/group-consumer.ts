import { type RecordedEvent } from '@keel/event-store';
import { type Consumer, type EachBatchPayload, type IHeaders, type Kafka, type KafkaMessage, type Producer } from 'kafkajs';
import { decodeEvent } from './codec';
import { type BusHandler, type BusSubscription, type DeliveryContext, type SubscribeOptions } from './event-bus';
import { exclusiveAssigner, type Ownership } from './exclusive-assigner';

/** Extra headers a dead-lettered message carries. */
export const DLQ_HEADERS = {
  error: 'keel-dlq-error',
  topic: 'keel-dlq-topic',
  partition: 'keel-dlq-partition',
  offset: 'keel-dlq-offset',
  attempts: 'keel-dlq-attempts',
  group: 'keel-dlq-group',
} as const;

/** What a {@link GroupConsumer} needs beyond the handler. */
export interface GroupConsumerConfig {
  readonly kafka: Kafka;
  readonly group: string;
  readonly topics: readonly string[];
  readonly deadLetterTopic: string;
  /** The (idempotent, connected) producer used for the dead-letter topic. */
  readonly producer: () => Promise<Producer>;
  readonly options: SubscribeOptions;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One member of a consumer group. Each partition's batch goes to the handler in offset order; offsets are
 * committed only after the handler resolved. A failing batch is retried event by event; an event that
 * still fails after `maxAttempts` is published to the dead-letter topic with the error in its headers,
 * and consumption moves on.
 */
export class GroupConsumer implements BusSubscription {
  private readonly consumer: Consumer;
  private readonly ownership: Ownership = { owning: false };

  constructor(
    private readonly config: GroupConsumerConfig,
    private readonly handler: BusHandler,
  ) {
    this.consumer = config.kafka.consumer({
      groupId: config.group,
      sessionTimeout: 10_000,
      rebalanceTimeout: 10_000,
      heartbeatInterval: 500,
      retry: { retries: 10 },
      ...(config.options.exclusive ? { partitionAssigners: [exclusiveAssigner(this.ownership)] } : {}),
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
      const partitions = Object.values(payload.memberAssignment).reduce((sum, list) => sum + list.length, 0);
      this.ownership.owning = partitions > 0;
      config.options.onAssignment?.(partitions);
    });
  }

  /** Connects, joins the group and starts consuming from the committed offsets (or the beginning). */
  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...this.config.topics], fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      // An exclusive member (the scheduler) handles one batch at a time; a sharing member its partitions side by side.
      partitionsConsumedConcurrently: this.config.options.exclusive ? 1 : (this.config.options.concurrency ?? 1),
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  /** Finishes the batch in flight, leaves the group and disconnects. */
  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, isRunning, isStale } = payload;
    const context: DeliveryContext = { topic: batch.topic, partition: batch.partition };
    const decoded = batch.messages.map((message) => ({ message, event: tryDecode(message) }));
    const events = decoded.flatMap((d) => (d.event instanceof Error ? [] : [d.event]));
    if (events.length === decoded.length && events.length > 0) {
      try {
        await this.handler(dedupe(events), context);
        await this.commit(payload, batch.messages[batch.messages.length - 1] as KafkaMessage);
        return;
      } catch (error) {
        this.config.options.onError?.(error, 1);
      }
    }
    // Slow path: one event at a time, so a poison event is isolated and dead-lettered.
    for (const { message, event } of decoded) {
      if (!isRunning() || isStale()) return;
      if (event instanceof Error) await this.deadLetter(context, message, event, 0);
      else await this.handleOne(payload, context, message, event);
      await this.commit(payload, message);
    }
  }

  private async handleOne(payload: EachBatchPayload, context: DeliveryContext, message: KafkaMessage, event: RecordedEvent): Promise<void> {
    const maxAttempts = this.config.options.maxAttempts ?? 5;
    let lastError: unknown;
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      try {
        await this.handler([event], context);
        return;
      } catch (error) {
        lastError = error;
        this.config.options.onError?.(error, attempt);
        await payload.heartbeat();
        if (attempt < maxAttempts) await sleep(Math.min(2_000, 50 * 2 ** attempt));
      }
    }
    await this.deadLetter(context, message, lastError, maxAttempts);
  }

  private async deadLetter(context: DeliveryContext, message: KafkaMessage, error: unknown, attempts: number): Promise<void> {
    const headers: IHeaders = {
      ...message.headers,
      [DLQ_HEADERS.error]: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      [DLQ_HEADERS.topic]: context.topic,
      [DLQ_HEADERS.partition]: String(context.partition),
      [DLQ_HEADERS.offset]: message.offset,
      [DLQ_HEADERS.attempts]: String(attempts),
      [DLQ_HEADERS.group]: this.config.group,
    };
    const producer = await this.config.producer();
    await producer.send({ topic: this.config.deadLetterTopic, acks: -1, messages: [{ key: message.key, value: message.value, headers }] });
  }

  private async commit(payload: EachBatchPayload, message: KafkaMessage): Promise<void> {
    payload.resolveOffset(message.offset);
    const { topic, partition } = payload.batch;
    await this.consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
    await payload.heartbeat();
  }
}

function tryDecode(message: KafkaMessage): RecordedEvent | Error {
  try {
    return decodeEvent(message.value);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** Drops repeated event ids within a batch (the relay may have published an event twice). */
function dedupe(events: readonly RecordedEvent[]): RecordedEvent[] {
  const seen = new Set<string>();
  return events.filter((event) => !seen.has(event.id) && (seen.add(event.id), true));
}
