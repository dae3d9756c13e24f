import { type NewEvent, PostgresEventStore, type RecordedEvent } from '@keel/event-store';
import { createTestDatabase, type TestDatabase } from '@keel/testing';
import { logLevel } from 'kafkajs';
import { headerText, HEADERS } from './codec';
import { KafkaEventBus } from './kafka-event-bus';
import { OutboxRelay } from './outbox-relay';
import { topicFor } from './settings';
import { deleteTestTopics, readTopics, testKafkaSettings, withPublish } from './testing/kafka-test';

jest.setTimeout(90_000);

const settings = testKafkaSettings();
const topics = ['node', 'deployment'].map((type) => topicFor(settings, type));
let db: TestDatabase;
let store: PostgresEventStore;
let bus: KafkaEventBus;

beforeAll(async () => {
  db = await createTestDatabase();
  store = new PostgresEventStore(db.pool);
  bus = new KafkaEventBus(settings, { logLevel: logLevel.NOTHING });
});
afterAll(async () => {
  await bus.close();
  await db.drop();
  await deleteTestTopics(settings);
});

const event = (i: number): NewEvent => ({ type: 'Tick', data: { i }, metadata: { correlationId: `corr-${i}`, causationId: `cause-${i}` } });

/** Appends `rounds` events to each of a few node and deployment streams, interleaved; answers the last checkpoint. */
async function appendInterleaved(prefix: string, rounds: number): Promise<string> {
  let checkpoint = '0:0';
  for (let r = 0; r < rounds; r += 1) {
    for (const stream of [`node-${prefix}a`, `node-${prefix}b`, `deployment-${prefix}c`, `node-${prefix}d`]) {
      checkpoint = (await store.appendToStream(stream, [event(r)], { expectedVersion: r })).checkpoint;
    }
  }
  return checkpoint;
}

function byStream(events: readonly RecordedEvent[]): Map<string, number[]> {
  const streams = new Map<string, number[]>();
  for (const e of events) streams.set(e.streamId, [...(streams.get(e.streamId) ?? []), e.streamVersion]);
  return streams;
}

describe('OutboxRelay on a real Kafka broker', () => {
  it('publishes every event once, in per-stream order, keyed by stream id, with the headers', async () => {
    const relay = new OutboxRelay(store, bus, { name: 'relay-order', batchSize: 7, pollIntervalMs: 20 });
    await relay.start();
    const checkpoint = await appendInterleaved('o', 10);
    await relay.waitFor(checkpoint, 30_000);
    await relay.stop();

    const read = await readTopics(settings, topics, 40);
    expect(read).toHaveLength(40);
    for (const versions of byStream(read.map((r) => r.event)).values()) expect(versions).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const { events } = await store.readAll('0:0', 1000);
    const stored = new Map(events.map((e) => [e.id, e]));
    for (const { topic, message, event: e } of read) {
      const original = stored.get(e.id) as RecordedEvent;
      expect(topic).toBe(topicFor(settings, original.streamType));
      expect(message.key?.toString()).toBe(original.streamId);
      expect(headerText(message.headers, HEADERS.eventId)).toBe(original.id);
      expect(headerText(message.headers, HEADERS.eventType)).toBe('Tick');
      expect(headerText(message.headers, HEADERS.schemaVersion)).toBe('1');
      expect(headerText(message.headers, HEADERS.globalPosition)).toBe(String(original.globalPosition));
      expect(headerText(message.headers, HEADERS.checkpoint)).toBe(original.checkpoint);
      expect(headerText(message.headers, HEADERS.correlationId)).toBe(original.metadata.correlationId);
      expect(headerText(message.headers, HEADERS.causationId)).toBe(original.metadata.causationId);
      expect(e.data).toEqual(original.data);
    }
  });

  it('moves its checkpoint only after the ack: a crash after publishing re-publishes the batch (duplicates, nothing lost)', async () => {
    let crashes = 1;
    let republished = 0;
    const crashing = withPublish(bus, async (batch) => {
      await bus.publish(batch);
      if (crashes-- > 0) {
        republished = batch.length;
        throw new Error('relay crashed after the ack, before its checkpoint committed');
      }
    });
    const before = (await store.readAll('0:0', 1000)).events.length;
    const checkpoint = await appendInterleaved('c', 3);
    const relay = new OutboxRelay(store, crashing, { name: 'relay-crash', batchSize: 1000, pollIntervalMs: 20 });
    await relay.start();
    await relay.waitFor(checkpoint, 30_000);
    await relay.stop();
    // Both relays ("relay-order" above, this one) published the log; this one published its first batch twice
    // (the whole log, unless another test's open transaction hid part of it when the batch was read).
    const total = before + 12;
    expect(republished).toBeGreaterThan(0);
    const read = await readTopics(settings, topics, 40 + total + republished);
    const ids = read.map((r) => r.event.id);
    expect(new Set(ids).size).toBe(total);
    expect(ids.length).toBe(40 + total + republished);
  });

  it('fails startup with a clear message when the broker is unreachable', async () => {
    const dead = new KafkaEventBus({ ...settings, brokers: ['127.0.0.1:1'], connectTimeoutMs: 1_000 }, { logLevel: logLevel.NOTHING });
    await expect(new OutboxRelay(store, dead).start()).rejects.toThrow(/Kafka broker unreachable at 127\.0\.0\.1:1/);
    await dead.close();
  });

  it('fails startup when an existing topic has fewer partitions than configured', async () => {
    const more = new KafkaEventBus({ ...settings, partitions: { node: 8 } }, { logLevel: logLevel.NOTHING });
    await expect(more.ensureTopics()).rejects.toThrow(/keel\.test\.[0-9a-f]+\.node has 3 partition\(s\) but 8 are configured/);
    await more.close();
  });
});
