import { type Admin } from 'kafkajs';
import { type KafkaSettings, deadLetterTopic, topicFor } from './settings';

/** Raised when the broker cannot be used: unreachable, or a topic has fewer partitions than configured. */
export class KafkaStartupError extends Error {
  override readonly name = 'KafkaStartupError';
}

/** Partitions wanted for each topic of `streamTypes` (plus the dead-letter topic). */
export function plannedTopics(settings: KafkaSettings, streamTypes: readonly string[]): Map<string, number> {
  const plan = new Map<string, number>();
  for (const type of streamTypes) plan.set(topicFor(settings, type), settings.partitions[type] ?? settings.defaultPartitions);
  plan.set(deadLetterTopic(settings), settings.defaultPartitions);
  return plan;
}

/**
 * Creates the missing topics with their configured partition counts and checks the existing ones: a topic
 * with fewer partitions than configured would break per-stream ordering assumptions and consumer
 * parallelism, so it fails startup (more partitions are accepted).
 */
export async function ensureTopics(admin: Admin, settings: KafkaSettings, streamTypes: readonly string[]): Promise<void> {
  const plan = plannedTopics(settings, streamTypes);
  const existing = new Set(await admin.listTopics());
  const missing = [...plan].filter(([topic]) => !existing.has(topic));
  if (missing.length > 0) {
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map(([topic, numPartitions]) => ({ topic, numPartitions, replicationFactor: -1 })),
      });
    } catch (error) {
      // Another instance may have created them at the same time; the check below decides.
      if (!(error instanceof Error) || !/already exists/i.test(error.message)) throw error;
    }
  }
  const { topics } = await admin.fetchTopicMetadata({ topics: [...plan.keys()] });
  for (const topic of topics) {
    const wanted = plan.get(topic.name) ?? 1;
    if (topic.partitions.length < wanted) {
      throw new KafkaStartupError(
        `Kafka topic ${topic.name} has ${topic.partitions.length} partition(s) but ${wanted} are configured ` +
          `(KEEL_KAFKA_PARTITIONS); add partitions with kafka-topics --alter or lower the setting`,
      );
    }
  }
}
