import { createTestDatabase, type TestDatabase } from '@keel/testing';
import { AggregateRepository, type Folding } from './aggregate-repository';
import { PostgresEventStore } from './event-store';
import { type SnapshotPolicy, SnapshotStore } from './snapshots';
import { UpcasterRegistry } from './upcasters';

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

  it('writes the snapshot from the events it appended, without reading the stream back', async () => {
    const repo = new AggregateRepository(store, folding, policy(), 10);
    for (let i = 0; i < 4; i++) await repo.handle('counter-own', () => [{ type: 'Incremented', data: { by: 1 } }], { trustCache: true });
    const reads = jest.spyOn(store, 'readStream');
    await repo.handle('counter-own', () => [{ type: 'Incremented', data: { by: 1 } }, { type: 'Incremented', data: { by: 2 } }], { trustCache: true });
    expect(reads).not.toHaveBeenCalled();
    reads.mockRestore();
    expect(await snapshots.read('counter-own', 'counter')).toMatchObject({ streamVersion: 6, state: { count: 7 } });
  });

  it('folds the events it appended as a read returns them: upcast from the schema version they were written at', async () => {
    const upcasters = new UpcasterRegistry().register('Incremented', 1, (data) => ({ by: (data as { by: number }).by * 10 }));
    const upcasting = new PostgresEventStore(db.pool, { upcasters });
    const repo = new AggregateRepository(upcasting, folding, policy(), 10);
    for (let i = 0; i < 6; i++) await repo.handle('counter-upcast', () => [{ type: 'Incremented', data: { by: 1 } }], { trustCache: true });
    expect(await repo.load('counter-upcast')).toEqual({ state: { count: 60 }, version: 6, source: 'cache' });
    expect(await new AggregateRepository(upcasting, folding).load('counter-upcast')).toEqual({ state: { count: 60 }, version: 6, source: 'replay' });
    expect(await snapshots.read('counter-upcast', 'counter')).toMatchObject({ streamVersion: 5, state: { count: 50 } });
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


describe('AggregateRepository trusting its cache (one round trip per write)', () => {
  /** Caps the counter: deciding `set to n` on a state already at n decides nothing. */
  const setTo = (target: number) => (state: Counter) => (state.count === target ? [] : [{ type: 'Incremented', data: { by: target - state.count } }]);
  const appendsOf = async (streamId: string): Promise<number> => (await store.readStream(streamId)).length;

  it('decides on the state it cached after its own append, without reading the stream', async () => {
    const repo = new AggregateRepository(store, folding, undefined, 10);
    await repo.handle('counter-trust', setTo(3), { trustCache: true });
    const reads = jest.spyOn(store, 'readStream');
    const { result, state } = await repo.handle('counter-trust', setTo(5), { trustCache: true });
    expect(reads).not.toHaveBeenCalled();
    reads.mockRestore();
    expect(state).toEqual({ count: 3 });
    expect(result?.nextExpectedVersion).toBe(2);
    expect((await repo.load('counter-trust')).state).toEqual({ count: 5 });
  });

  it('takes a stale cache (another writer moved the stream) to a refused append and a verified retry', async () => {
    const mine = new AggregateRepository(store, folding, undefined, 10);
    const other = new AggregateRepository(store, folding, undefined, 10);
    await mine.handle('counter-stale', setTo(1), { trustCache: true });
    await other.handle('counter-stale', setTo(4), { trustCache: true });
    const { result, state, version } = await mine.handle('counter-stale', setTo(6), { trustCache: true });
    expect({ state, version }).toEqual({ state: { count: 4 }, version: 2 });
    expect(result?.nextExpectedVersion).toBe(3);
    expect((await mine.load('counter-stale')).state).toEqual({ count: 6 });
  });

  it('checks a decision that decides nothing, or fails, on the unverified state against the stream', async () => {
    const mine = new AggregateRepository(store, folding, undefined, 10);
    const other = new AggregateRepository(store, folding, undefined, 10);
    await mine.handle('counter-noop', setTo(2), { trustCache: true });
    await other.handle('counter-noop', setTo(7), { trustCache: true });
    // The cache says 2 already: deciding nothing there would be wrong, the stream is at 7.
    const noop = await mine.handle('counter-noop', setTo(2), { trustCache: true });
    expect(noop.result?.nextExpectedVersion).toBe(3);
    expect((await mine.load('counter-noop')).state).toEqual({ count: 2 });

    await other.handle('counter-noop', setTo(9), { trustCache: true });
    const refuseBelowNine = (state: Counter) => {
      if (state.count < 9) throw new Error(`refused at ${state.count}`);
      return [{ type: 'Incremented', data: { by: 1 } }];
    };
    // The cache says 2, which the decision refuses; the stream says 9, which it accepts.
    expect((await mine.handle('counter-noop', refuseBelowNine, { trustCache: true })).result?.nextExpectedVersion).toBe(5);
    expect(await appendsOf('counter-noop')).toBe(5);
  });
});
