import { createTestDatabase, type TestDatabase } from '@keel/testing';
import { compareCheckpoints } from './checkpoint';
import { IdempotencyKeyReusedError, InvalidAppendError, WrongExpectedVersionError } from './errors';
import { PostgresEventStore } from './event-store';
import { UpcasterRegistry } from './upcasters';

let db: TestDatabase;
let store: PostgresEventStore;

beforeAll(async () => {
  db = await createTestDatabase();
  store = new PostgresEventStore(db.pool);
});
afterAll(() => db.drop());

const ev = (type: string, data: unknown = {}) => ({ type, data, metadata: { actor: 'test', correlationId: 'c1', time: '2026-01-01T00:00:00Z' } });

/**
 * Global reads stop at the oldest transaction running anywhere in the cluster (other test files run
 * concurrently), so a test reading the global log first waits until its own last write is visible.
 */
async function untilVisible(checkpoint: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (compareCheckpoints(await store.headCheckpoint(), checkpoint) < 0) {
    if (Date.now() > deadline) throw new Error(`checkpoint ${checkpoint} did not become visible`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function eventCount(): Promise<number> {
  const { rows } = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM es.events');
  return Number(rows[0]!.n);
}

describe('appendToStream', () => {
  it('stores every field of the event and returns the new version and a checkpoint', async () => {
    const result = await store.appendToStream('node-a', [ev('NodeRegistered', { name: 'a' }), ev('NodeCordoned')], { expectedVersion: 'no_stream' });
    expect(result.nextExpectedVersion).toBe(2);
    expect(result.replayed).toBe(false);
    const events = await store.readStream('node-a');
    expect(events.map((e) => [e.type, e.streamVersion, e.streamType, e.schemaVersion])).toEqual([
      ['NodeRegistered', 1, 'node', 1],
      ['NodeCordoned', 2, 'node', 1],
    ]);
    expect(events[0]!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(events[0]!.data).toEqual({ name: 'a' });
    expect(events[0]!.metadata).toEqual({ actor: 'test', correlationId: 'c1', time: '2026-01-01T00:00:00Z' });
    expect(compareCheckpoints(events[1]!.checkpoint, result.checkpoint)).toBe(0);
  });

  it('enforces no_stream: a second append with no_stream fails with the actual version and writes nothing', async () => {
    await store.appendToStream('node-b', [ev('X')], { expectedVersion: 'no_stream' });
    const before = await eventCount();
    const error = await store.appendToStream('node-b', [ev('Y')], { expectedVersion: 'no_stream' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ streamId: 'node-b', expectedVersion: 'no_stream', actualVersion: 1 });
    expect(await eventCount()).toBe(before);
  });

  it('enforces stream_exists: appending to an unknown stream fails and writes nothing', async () => {
    const before = await eventCount();
    const error = await store.appendToStream('node-missing', [ev('Y')], { expectedVersion: 'stream_exists' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ actualVersion: null });
    expect(await store.streamVersion('node-missing')).toBeNull();
    expect(await eventCount()).toBe(before);
    await store.appendToStream('node-c', [ev('X')]);
    await expect(store.appendToStream('node-c', [ev('Y')], { expectedVersion: 'stream_exists' })).resolves.toMatchObject({ nextExpectedVersion: 2 });
  });

  it('enforces an exact expected version and reports the actual one', async () => {
    await store.appendToStream('node-d', [ev('A'), ev('B'), ev('C')]);
    await expect(store.appendToStream('node-d', [ev('D')], { expectedVersion: 2 })).rejects.toMatchObject({ actualVersion: 3 });
    await expect(store.appendToStream('node-d', [ev('D')], { expectedVersion: 3 })).resolves.toMatchObject({ nextExpectedVersion: 4 });
  });

  it.each([
    ['an empty event list', () => store.appendToStream('s-1', []), 'events'],
    ['non-serialisable data', () => store.appendToStream('s-1', [ev('A', { n: 10n })]), 'events[0].data.n'],
    ['a circular structure', () => { const a: Record<string, unknown> = {}; a.self = a; return store.appendToStream('s-1', [ev('A', a)]); }, 'events[0].data.self'],
    ['NaN in data', () => store.appendToStream('s-1', [ev('A', { x: Number.NaN })]), 'events[0].data.x'],
    ['a negative expected version', () => store.appendToStream('s-1', [ev('A')], { expectedVersion: -1 }), 'expectedVersion'],
    ['a fractional expected version', () => store.appendToStream('s-1', [ev('A')], { expectedVersion: 1.5 }), 'expectedVersion'],
    ['an empty stream id', () => store.appendToStream('', [ev('A')]), 'streamId'],
    ['an event without a type', () => store.appendToStream('s-1', [{ type: '', data: {} }]), 'events[0].type'],
    ['an event id that is not a uuid', () => store.appendToStream('s-1', [{ id: 'x', type: 'A', data: {} }]), 'events[0].id'],
    ['a schema version of zero', () => store.appendToStream('s-1', [{ type: 'A', data: {}, schemaVersion: 0 }]), 'events[0].schemaVersion'],
  ])('rejects %s with a typed error naming the field and writes nothing', async (_name, append, field) => {
    const before = await eventCount();
    const error = await append().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidAppendError);
    expect((error as InvalidAppendError).field).toBe(field);
    expect(await eventCount()).toBe(before);
    expect(await store.streamVersion('s-1')).toBeNull();
  });

  it('appends to several streams atomically: one conflict means nothing is written to any of them', async () => {
    await store.appendToStream('deployment-x', [ev('DeploymentCreated')]);
    const before = await eventCount();
    const error = await store
      .appendToStreams([
        { streamId: 'node-e', expectedVersion: 'no_stream', events: [ev('PodAssigned')] },
        { streamId: 'deployment-x', expectedVersion: 5, events: [ev('PodBound')] },
      ])
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ streamId: 'deployment-x', actualVersion: 1 });
    expect(await eventCount()).toBe(before);
    const ok = await store.appendToStreams([
      { streamId: 'node-e', expectedVersion: 'no_stream', events: [ev('PodAssigned')] },
      { streamId: 'deployment-x', expectedVersion: 1, events: [ev('PodBound')] },
    ]);
    expect(ok.streams).toEqual([{ streamId: 'node-e', version: 1 }, { streamId: 'deployment-x', version: 2 }]);
  });

  it('refuses a NULL expected version in SQL (only the store checks its callers; the functions check theirs)', async () => {
    await store.appendToStream('deployment-null', [ev('DeploymentCreated')]);
    const before = await eventCount();
    const call = "SELECT es.append_stream('deployment-null', 'deployment', NULL, ARRAY[gen_random_uuid()], ARRAY['Scaled'], ARRAY[1], '[{}]', '[{}]')";
    await expect(db.pool.query(call)).rejects.toMatchObject({ code: 'KE001' });
    const many = "SELECT es.append_events(ARRAY['deployment-null'], ARRAY['deployment'], ARRAY[]::text[], ARRAY[1], ARRAY[gen_random_uuid()], ARRAY['Scaled'], ARRAY[1], ARRAY[1], ARRAY[1], '[{}]', '[{}]')";
    await expect(db.pool.query(many)).rejects.toMatchObject({ code: 'KE001' });
    expect(await eventCount()).toBe(before);
  });
});

describe('idempotency', () => {
  it('returns the first result for a retry through a fresh pool and writes nothing', async () => {
    const first = await store.appendToStream('deployment-idem', [ev('Scaled', { replicas: 3 })], { expectedVersion: 'no_stream', idempotencyKey: 'req-1' });
    const freshPool = db.newPool(2);
    const restarted = new PostgresEventStore(freshPool);
    const before = await eventCount();
    const retry = await restarted.appendToStream('deployment-idem', [ev('Scaled', { replicas: 3 })], { expectedVersion: 'no_stream', idempotencyKey: 'req-1' });
    expect(retry).toEqual({ ...first, replayed: true });
    expect(await eventCount()).toBe(before);
    await freshPool.end();
  });

  it('refuses the same key for a different request', async () => {
    await store.appendToStream('deployment-idem2', [ev('Scaled', { replicas: 3 })], { idempotencyKey: 'req-2' });
    await expect(store.appendToStream('deployment-idem2', [ev('Scaled', { replicas: 4 })], { idempotencyKey: 'req-2' })).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
  });

  it('lets exactly one of many concurrent retries with the same key write', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 10 }, () => store.appendToStream('deployment-idem3', [ev('Scaled', { replicas: 1 })], { idempotencyKey: 'req-3' })),
    );
    expect(attempts.filter((a) => !a.replayed)).toHaveLength(1);
    expect(new Set(attempts.map((a) => a.checkpoint)).size).toBe(1);
    expect(await store.streamVersion('deployment-idem3')).toBe(1);
  });
});

describe('readAllBatches', () => {
  it('returns the whole global log once, in checkpoint order, with several batches in flight', async () => {
    let last = '';
    for (let i = 0; i < 7; i++) last = (await store.appendToStream(`node-batch-${i % 3}`, [ev('A', { i }), ev('B', { i })])).checkpoint;
    await untilVisible(last);
    const all = (await store.readAll(undefined, 100_000)).events;
    const batched: string[] = [];
    for await (const batch of store.readAllBatches(undefined, 4, 3)) {
      expect(batch.events.length).toBeLessThanOrEqual(4);
      expect(batch.checkpoint).toBe(batch.events[batch.events.length - 1]!.checkpoint);
      batched.push(...batch.events.map((e) => e.checkpoint));
    }
    expect(batched).toEqual(all.map((e) => e.checkpoint));
    expect([...batched].sort(compareCheckpoints)).toEqual(batched);
  });
});

describe('upcasting', () => {
  it('returns the current schema version on stream and global reads', async () => {
    const written = await store.appendToStream('model-up', [{ type: 'ModelRegistered', schemaVersion: 1, data: { params: 7 } }]);
    await untilVisible(written.checkpoint);
    const upcasters = new UpcasterRegistry()
      .register('ModelRegistered', 1, (data) => ({ parametersB: (data as { params: number }).params }))
      .register('ModelRegistered', 2, (data) => ({ ...(data as object), dtype: 'fp16' }));
    const upcasting = new PostgresEventStore(db.pool, { upcasters });
    const [fromStream] = await upcasting.readStream('model-up');
    expect(fromStream).toMatchObject({ schemaVersion: 3, data: { parametersB: 7, dtype: 'fp16' } });
    const all = await upcasting.readAll(undefined, 10_000);
    expect(all.events.find((e) => e.streamId === 'model-up')).toMatchObject({ schemaVersion: 3, data: { parametersB: 7, dtype: 'fp16' } });
  });
});
