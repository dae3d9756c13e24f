import { createTestDatabase, type TestDatabase } from '@keel/testing';
import { PostgresEventStore } from './event-store';
import { LogFollower } from './log-follower';

let db: TestDatabase;
let store: PostgresEventStore;

beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 6 });
  store = new PostgresEventStore(db.pool);
});
afterAll(() => db.drop());

const append = (stream: string, type: string) => store.appendToStream(stream, [{ type, data: { stream } }]);

/** Pulls batches until `count` events arrived. */
async function take(batches: AsyncGenerator<{ events: { type: string }[] }>, count: number): Promise<string[]> {
  const types: string[] = [];
  while (types.length < count) {
    const next = await batches.next();
    if (next.done) break;
    types.push(...next.value.events.map((e) => e.type));
  }
  return types;
}

describe('LogFollower', () => {
  it('reads the log after a checkpoint, then wakes on LISTEN for new appends (polling is off: 10 minutes)', async () => {
    const follower = new LogFollower(store, { pollIntervalMs: 600_000 });
    await follower.start();
    const first = await append('thing-1', 'Created');
    await append('thing-1', 'Renamed');
    const abort = new AbortController();
    const batches = follower.follow(first.checkpoint, abort.signal);
    expect(await take(batches, 1)).toEqual(['Renamed']);
    const pending = take(batches, 1);
    await append('thing-2', 'Created');
    expect(await pending).toEqual(['Created']);
    abort.abort();
    expect((await batches.next()).done).toBe(true);
    expect(follower.following).toBe(0);
    await follower.stop();
  });

  it('serves many readers from one follower, each from its own checkpoint, and ends them all on stop', async () => {
    const follower = new LogFollower(store, { pollIntervalMs: 600_000, batchSize: 2 });
    await follower.start();
    const head = await store.headCheckpoint();
    const readers = [0, 1, 2].map(() => follower.follow(head, new AbortController().signal));
    const pending = readers.map((reader) => take(reader, 3));
    await Promise.all([append('thing-3', 'A'), append('thing-4', 'B'), append('thing-5', 'C')]);
    for (const types of await Promise.all(pending)) expect(types.sort()).toEqual(['A', 'B', 'C']);
    await follower.stop();
    for (const reader of readers) expect((await reader.next()).done).toBe(true);
  });

  it('retries soon while a committed event hides behind an older running transaction (no notification, polling off)', async () => {
    const follower = new LogFollower(store, { listen: false, pollIntervalMs: 600_000 });
    const abort = new AbortController();
    const batches = follower.follow(await store.headCheckpoint(), abort.signal);
    const older = await db.pool.connect();
    try {
      await older.query('BEGIN');
      await store.appendToStreams([{ streamId: 'thing-7', events: [{ type: 'Older', data: {} }], expectedVersion: 'any' }], {}, older);
      await append('thing-8', 'Younger');
      expect(await store.unreadAfter(await store.headCheckpoint())).toBe(true);
      const pending = take(batches, 2);
      // Let the follower find the log empty at least once before the horizon moves.
      await new Promise((resolve) => setTimeout(resolve, 100));
      await older.query('COMMIT');
      expect(await pending).toEqual(['Older', 'Younger']);
    } finally {
      older.release();
    }
    abort.abort();
    await follower.stop();
  });

  it('polls when it does not listen (embedded PGlite)', async () => {
    const follower = new LogFollower(store, { listen: false, pollIntervalMs: 20 });
    await follower.start();
    const abort = new AbortController();
    const batches = follower.follow(await store.headCheckpoint(), abort.signal);
    const pending = take(batches, 1);
    await append('thing-6', 'Polled');
    expect(await pending).toEqual(['Polled']);
    abort.abort();
    await follower.stop();
  });
});
