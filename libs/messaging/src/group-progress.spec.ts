import { compareCheckpoints, type NewEvent, PostgresEventStore } from '@keel/event-store';
import { createTestDatabase, type TestDatabase } from '@keel/testing';
import { logLevel } from 'kafkajs';
import { type BusSubscription } from './event-bus';
import { covers, GroupProgress } from './group-progress';
import { KafkaEventBus } from './kafka-event-bus';
import { OutboxRelay } from './outbox-relay';
import { deleteTestTopics, testKafkaSettings } from './testing/kafka-test';

jest.setTimeout(120_000);

const settings = testKafkaSettings({ node: 3 });
let db: TestDatabase;
let bus: KafkaEventBus;
let store: PostgresEventStore;

beforeAll(async () => {
  db = await createTestDatabase();
  bus = new KafkaEventBus(settings, { logLevel: logLevel.NOTHING });
  store = new PostgresEventStore(db.pool);
});
afterAll(async () => {
  await bus.close();
  await db.drop();
  await deleteTestTopics(settings);
});

const tick = (n: number): NewEvent => ({ type: 'Tick', data: { n } });

describe('covers', () => {
  it('needs every non-empty partition committed at or past its end offset', () => {
    const targets = new Map([
      ['t:0', 5n],
      ['t:1', 0n],
    ]);
    expect(covers(new Map([['t:0', 5n]]), targets)).toBe(true);
    expect(covers(new Map([['t:0', 4n]]), targets)).toBe(false);
    expect(covers(new Map(), targets)).toBe(false);
    expect(covers(new Map(), new Map([['t:0', 0n]]))).toBe(true);
  });
});

describe('GroupProgress (real broker and Postgres)', () => {
  it('answers false until the relay published and the group committed past the write, then true', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const seen: number[] = [];
    const relay = new OutboxRelay(store, bus, { name: 'progress-relay', pollIntervalMs: 20 });
    const written = await Promise.all(['node-a', 'node-b', 'node-c', 'node-d'].map((id, i) => store.appendToStream(id, [tick(i)], { expectedVersion: 'no_stream', streamType: 'node' })));
    const last = written.map((w) => w.checkpoint).sort(compareCheckpoints).at(-1)!;

    // Nothing relayed yet: the relay's checkpoint is behind the write.
    expect(await new GroupProgress(db.pool, bus, 'progress-group', { relay: 'progress-relay' }).reached(last, 300)).toBe(false);
    await relay.start();
    await relay.waitFor(last, 30_000);

    // Relayed, but the group holds its first batch: still false.
    const subscription: BusSubscription = await bus.subscribe(
      'progress-group',
      async (events) => {
        await gate;
        seen.push(...events.map((e) => (e.data as { n: number }).n));
      },
      { streamTypes: ['node'] },
    );
    const relayed = new GroupProgress(db.pool, bus, 'progress-group', { relay: 'progress-relay' });
    expect(await relayed.reached(last, 500)).toBe(false);

    release();
    expect(await relayed.reached(last, 30_000)).toBe(true);
    expect(seen.sort()).toEqual([0, 1, 2, 3]);
    await subscription.stop();
    await relay.stop();
  });
});
