import { createTestDatabase, type TestDatabase } from '@keel/testing';
import { AggregateRepository, type Folding } from './aggregate-repository';
import { PostgresEventStore } from './event-store';
import { type SnapshotPolicy, SnapshotStore } from './snapshots';

interface Counter {
  count: number;
}

const folding: Folding<Counter> = {
  initialState: () => ({ count: 0 }),
  evolve: (state, event) => (event.type === 'Incremented' ? { count: state.count + (event.data as { by: number }).by } : state),
};
const isCounter = (state: unknown): state is Counter => typeof (state as Counter | null)?.count === 'number';
const policy = (schemaVersion = 1): SnapshotPolicy<Counter> => ({ name: 'counter', schemaVersion, every: 5, isValid: isCounter });

let db: TestDatabase;
let store: PostgresEventStore;
let snapshots: SnapshotStore;

beforeAll(async () => {
  db = await createTestDatabase();
  store = new PostgresEventStore(db.pool);
  snapshots = new SnapshotStore(db.pool);
});
afterAll(() => db.drop());

async function increment(repo: AggregateRepository<Counter>, streamId: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await repo.handle(streamId, () => [{ type: 'Incremented', data: { by: 1 } }]);
}

describe('AggregateRepository with snapshots', () => {
  it('writes a snapshot every N events and loads from it plus the tail', async () => {
    const repo = new AggregateRepository(store, folding, policy());
    await increment(repo, 'counter-a', 7);
    expect(await snapshots.read('counter-a', 'counter')).toMatchObject({ streamVersion: 5, state: { count: 5 } });
    expect(await repo.load('counter-a')).toEqual({ state: { count: 7 }, version: 7, source: 'snapshot' });
  });

  it('ignores a snapshot stamped with another schema version, replays, and rewrites it', async () => {
    await increment(new AggregateRepository(store, folding, policy(1)), 'counter-b', 6);
    const upgraded = new AggregateRepository(store, folding, policy(2));
    expect(await upgraded.load('counter-b')).toEqual({ state: { count: 6 }, version: 6, source: 'replay' });
    expect(await snapshots.read('counter-b', 'counter')).toMatchObject({ schemaVersion: 2, streamVersion: 6 });
    expect((await upgraded.load('counter-b')).source).toBe('snapshot');
  });

  it.each([
    ['a state of the wrong shape', { wrong: true }, 5],
    ['a version beyond the end of the stream', { count: 99 }, 50],
  ])('treats %s as corrupt: replays, rewrites, never throws', async (_case, state, streamVersion) => {
    const repo = new AggregateRepository(store, folding, policy());
    const streamId = `counter-${streamVersion}-${Object.keys(state)[0]}`;
    await increment(repo, streamId, 6);
    await db.pool.query('UPDATE es.snapshots SET state = $1, stream_version = $2 WHERE stream_id = $3', [JSON.stringify(state), streamVersion, streamId]);
    expect(await repo.load(streamId)).toEqual({ state: { count: 6 }, version: 6, source: 'replay' });
    expect(await snapshots.read(streamId, 'counter')).toMatchObject({ state: { count: 6 }, streamVersion: 6 });
  });

  it('retries a decision on a concurrency conflict and gives up after maxAttempts', async () => {
    // A store whose every append is preceded by another writer's append to the same stream.
    let sneakIns = 0;
    const racy = Object.create(store) as PostgresEventStore;
    racy.appendToStream = async (streamId, events, options) => {
      if (sneakIns < 2) {
        sneakIns += 1;
        await store.appendToStream(streamId, [{ type: 'Incremented', data: { by: 100 } }]);
      }
      return store.appendToStream(streamId, events, options);
    };
    const repo = new AggregateRepository(racy, folding);
    let decisions = 0;
    const decide = () => {
      decisions += 1;
      return [{ type: 'Incremented', data: { by: 1 } }];
    };
    await expect(repo.handle('counter-race', decide, { maxAttempts: 2 })).rejects.toThrow(/wrong expected version/);
    expect(decisions).toBe(2);
    sneakIns = 1;
    const { result } = await repo.handle('counter-race', decide, { maxAttempts: 2 });
    expect(decisions).toBe(4);
    expect(result?.nextExpectedVersion).toBe(4);
    expect((await repo.load('counter-race')).state.count).toBe(301);
  });

  it('serves later loads from its in-memory cache plus the events other writers appended since', async () => {
    const repo = new AggregateRepository(store, folding, policy(), 100);
    await increment(repo, 'counter-cached', 3);
    expect(await repo.load('counter-cached')).toEqual({ state: { count: 3 }, version: 3, source: 'cache' });
    await store.appendToStream('counter-cached', [{ type: 'Incremented', data: { by: 10 } }], { expectedVersion: 3 });
    expect(await repo.load('counter-cached')).toEqual({ state: { count: 13 }, version: 4, source: 'cache' });
  });

  it('appends nothing when the decision has no events', async () => {
    const repo = new AggregateRepository(store, folding);
    const { result } = await repo.handle('counter-noop', () => []);
    expect(result).toBeUndefined();
    expect(await store.streamVersion('counter-noop')).toBeNull();
  });
});

