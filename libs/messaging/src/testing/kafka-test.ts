import { randomBytes } from 'node:crypto';
import { type RecordedEvent } from '@keel/event-store';
import { Kafka, type KafkaMessage, logLevel } from 'kafkajs';
import { decodeEvent } from '../codec';
import { type EventBus } from '../event-bus';
import { type KafkaSettings } from '../settings';

/** Settings for a test run: the broker from `KAFKA_BROKERS` and a unique topic prefix, so runs never collide. */
export function testKafkaSettings(partitions: Record<string, number> = { node: 3, deployment: 2, model: 1 }): KafkaSettings {
  const brokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
  return {
    brokers,
    clientId: 'keel-test',
    topicPrefix: `keel.test.${randomBytes(4).toString('hex')}.`,
    partitions,
    defaultPartitions: 1,
    connectTimeoutMs: 10_000,
  };
}

/** A raw kafkajs client for assertions (reading topics, deleting a run's topics). */
export function rawKafka(settings: KafkaSettings): Kafka {
  return new Kafka({ clientId: 'keel-test-reader', brokers: [...settings.brokers], logLevel: logLevel.NOTHING });
}

/** One message as read back, with its event decoded. */
export interface ReadBack {
  readonly topic: string;
  readonly partition: number;
  readonly message: KafkaMessage;
  readonly event: RecordedEvent;
}

/** Reads `topics` from the beginning until `count` messages arrived (or throws after `timeoutMs`). */
export async function readTopics(settings: KafkaSettings, topics: readonly string[], count: number, timeoutMs = 30_000): Promise<ReadBack[]> {
  const consumer = rawKafka(settings).consumer({ groupId: `reader-${randomBytes(4).toString('hex')}`, sessionTimeout: 10_000, heartbeatInterval: 500 });
  const seen: ReadBack[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${seen.length} of ${count} messages within ${timeoutMs} ms`)), timeoutMs);
      void consumer.run({
        eachMessage: async ({ topic, partition, message }) => {
          seen.push({ topic, partition, message, event: decodeEvent(message.value) });
          if (seen.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

/** Deletes every topic of a test run (its prefix). */
export async function deleteTestTopics(settings: KafkaSettings): Promise<void> {
  const admin = rawKafka(settings).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(settings.topicPrefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}

/** Polls `check` until it returns true (or throws after `timeoutMs`). */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 30_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** `bus` with its `publish` replaced (fault injection: a relay that dies mid-batch); `close` is left to the owner. */
export function withPublish(bus: EventBus, publish: EventBus['publish']): EventBus {
  return {
    ensureTopics: (types) => bus.ensureTopics(types),
    publish,
    subscribe: (group, handler, options) => bus.subscribe(group, handler, options),
    endOffsets: (types) => bus.endOffsets(types),
    committedOffsets: (group, types) => bus.committedOffsets(group, types),
    close: async () => undefined,
  };
}
