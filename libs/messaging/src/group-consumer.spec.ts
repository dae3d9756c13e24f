import { randomUUID } from 'node:crypto';
import { type RecordedEvent } from '@keel/event-store';
import { logLevel } from 'kafkajs';
import { headerText } from './codec';
import { type BusSubscription, type DeliveryContext } from './event-bus';
import { DLQ_HEADERS } from './group-consumer';
import { KafkaEventBus } from './kafka-event-bus';
import { deadLetterTopic } from './settings';
import { deleteTestTopics, eventually, readTopics, testKafkaSettings } from './testing/kafka-test';

jest.setTimeout(120_000);

const settings = testKafkaSettings({ node: 4 });
let bus: KafkaEventBus;
let position = 0;

beforeAll(() => {
  bus = new KafkaEventBus(settings, { logLevel: logLevel.NOTHING });
});
afterAll(async () => {
  await bus.close();
  await deleteTestTopics(settings);
});

/** Synthetic events as the relay would publish them (the bus only needs RecordedEvents). */
function events(streams: readonly string[], perStream: number, data: (stream: string, version: number) => unknown = () => ({}), streamType = 'node'): RecordedEvent[] {
  const out: RecordedEvent[] = [];
  for (let v = 1; v <= perStream; v += 1) {
    for (const streamId of streams) {
      position += 1;
      out.push({
        id: randomUUID(),
        streamId,
        streamType,
        streamVersion: v,
        globalPosition: position,
        transactionId: String(1000 + position),
        type: 'Tick',
        schemaVersion: 1,
        data: data(streamId, v),
        metadata: {},
        recordedAt: new Date(),
        checkpoint: `${1000 + position}:${position}`,
      });
    }
  }
  return out;
}

/** A replica's view: events applied per stream (in delivery order) and partitions it served. */
class Replica {
  readonly applied = new Map<string, number[]>();
  readonly partitions = new Set<number>();
  subscription: BusSubscription | undefined;

  constructor(private readonly shared: Map<string, number[]>) {}

  readonly handle = async (batch: readonly RecordedEvent[], context: DeliveryContext): Promise<void> => {
    this.partitions.add(context.partition);
    for (const e of batch) {
      const seen = this.shared.get(e.streamId) ?? [];
      // Idempotent by stream version, as the read models are.
      if (e.streamVersion > (seen[seen.length - 1] ?? 0)) this.shared.set(e.streamId, [...seen, e.streamVersion]);
      this.applied.set(e.streamId, [...(this.applied.get(e.streamId) ?? []), e.streamVersion]);
    }
  };
}

const total = (applied: Map<string, number[]>): number => [...applied.values()].reduce((n, v) => n + v.length, 0);

describe('Kafka consumer groups (real broker)', () => {
  it('two replicas in one group share the partitions; when one stops, the other takes over and catches up', async () => {
    const group = `projectors-${randomUUID()}`;
    const streams = Array.from({ length: 16 }, (_, i) => `node-f${i}`);
    const shared = new Map<string, number[]>();
    const a = new Replica(shared);
    const b = new Replica(shared);
    // Publish once the group has settled with both members: a joins alone first and holds all 4
    // partitions until the rebalance, so events published earlier could reach a on a partition b gets.
    const assigned = { a: 0, b: 0 };
    a.subscription = await bus.subscribe(group, a.handle, { streamTypes: ['node'], onAssignment: (n) => (assigned.a = n) });
    b.subscription = await bus.subscribe(group, b.handle, { streamTypes: ['node'], onAssignment: (n) => (assigned.b = n) });
    await eventually(() => assigned.a > 0 && assigned.b > 0 && assigned.a + assigned.b === 4, 60_000, 'both replicas assigned partitions');
    await bus.publish(events(streams, 5));
    await eventually(() => total(shared) === 80, 60_000, 'first 80 events applied');
    await eventually(() => a.partitions.size > 0 && b.partitions.size > 0, 30_000, 'both replicas serving');
    expect([...a.partitions].some((p) => b.partitions.has(p))).toBe(false);

    await a.subscription.stop();
    const bBefore = total(b.applied);
    await bus.publish(events(streams, 5).map((e) => ({ ...e, streamVersion: e.streamVersion + 5 })));
    await eventually(() => total(shared) === 160, 60_000, 'all 160 events applied after the failover');
    expect(b.partitions.size).toBe(4);
    expect(total(b.applied) - bBefore).toBeGreaterThanOrEqual(80);
    for (const versions of shared.values()) expect(versions).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    await b.subscription.stop();
  });

  it('sends a poison event to the dead-letter topic after bounded retries, with the error, and moves on', async () => {
    const group = `poison-${randomUUID()}`;
    const attempts = new Map<string, number>();
    const applied: string[] = [];
    const batch = events(['poison-p1'], 6, (_, v) => ({ poison: v === 3 }), 'poison');
    const poison = batch[2] as RecordedEvent;
    const subscription = await bus.subscribe(
      group,
      async (delivered) => {
        for (const e of delivered) {
          if ((e.data as { poison: boolean }).poison) {
            attempts.set(e.id, (attempts.get(e.id) ?? 0) + 1);
            throw new Error(`cannot project ${e.id}`);
          }
        }
        applied.push(...delivered.map((e) => e.id));
      },
      { streamTypes: ['poison'], maxAttempts: 3 },
    );
    await bus.publish(batch);
    await eventually(() => applied.length >= 5, 60_000, 'the healthy events applied');
    expect(applied.filter((id) => id !== poison.id)).toHaveLength(5);
    expect(attempts.get(poison.id)).toBe(4); // the batch attempt, then 3 attempts alone

    const [dead] = await readTopics(settings, [deadLetterTopic(settings)], 1);
    expect(dead?.event.id).toBe(poison.id);
    expect(headerText(dead?.message.headers, DLQ_HEADERS.error)).toBe(`Error: cannot project ${poison.id}`);
    expect(headerText(dead?.message.headers, DLQ_HEADERS.attempts)).toBe('3');
    expect(headerText(dead?.message.headers, DLQ_HEADERS.group)).toBe(group);
    await subscription.stop();

    // Offsets were committed: a restarted member of the group gets nothing again.
    const again: string[] = [];
    const restarted = await bus.subscribe(group, async (delivered) => void again.push(...delivered.map((e) => e.id)), { streamTypes: ['poison'] });
    await bus.publish(events(['poison-p2'], 1, () => ({ poison: false }), 'poison'));
    await eventually(() => again.length >= 1, 60_000, 'the new event after the restart');
    expect(again).toHaveLength(1);
    await restarted.stop();
  });
});
