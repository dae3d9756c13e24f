import { type PoolClient } from 'pg';
import { createTestDatabase, type TestDatabase } from '@keel/testing';
import { IdempotencyKeyReusedError, StreamOrderConflictError, WrongExpectedVersionError } from './errors';
import { PostgresEventStore } from './event-store';
import { type AppendResult, type RecordedEvent } from './types';
import { uuidv7 } from './uuid-v7';

let db: TestDatabase;
let store: PostgresEventStore;
let plain: PostgresEventStore;

beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 12 });
  // One batch in flight: whatever is appended while it runs goes together in the next.
  store = new PostgresEventStore(db.pool, { groupCommit: { maxInFlight: 1, maxItems: 64 } });
  plain = new PostgresEventStore(db.pool);
});
afterAll(() => db.drop());

const scaled = (n: number) => [{ type: 'DeploymentScaled', data: { n } }];

/** Appends `first` alone, then everything in `batch` at once, so the batch queues behind `first`. */
async function behindOne<T>(first: () => Promise<unknown>, batch: (() => Promise<T>)[]): Promise<PromiseSettledResult<T>[]> {
  const head = first();
  const rest = Promise.allSettled(batch.map((append) => append()));
  await head;
  return rest;
}

/**
 * Holds `stream`'s lock in an open transaction (it appended there) while a batch of appends to
 * `streams` queues behind one other append; `whileHeld` runs with the transaction still open, then it
 * commits. Resolves with the batch's outcomes.
 */
async function batchWhileHeld(stream: string, streams: readonly string[], whileHeld: (tx: PoolClient) => Promise<void>): Promise<PromiseSettledResult<AppendResult>[]> {
  const tx = await db.pool.connect();
  try {
    await tx.query('BEGIN');
    await plain.appendToStreams([{ streamId: stream, expectedVersion: 'any', events: scaled(1) }], {}, tx);
    const results = behindOne(
      () => store.appendToStream('deployment-gc-head', scaled(0)),
      streams.map((id, i) => () => store.appendToStream(id, scaled(2 + i))),
    );
    await whileHeld(tx);
    await tx.query('COMMIT');
    return await results;
  } finally {
    tx.release();
  }
}

const order = async (stream: string): Promise<number[]> => (await store.readStream(stream)).map((e) => (e.data as { n: number }).n);

describe('group commit', () => {
  it('commits concurrent appends in one transaction, each with its own stream version', async () => {
    const results = await behindOne(
      () => store.appendToStream('deployment-gc-head', scaled(0)),
      Array.from({ length: 20 }, (_, i) => () => store.appendToStream(`deployment-gc-${i}`, scaled(i), { expectedVersion: 'no_stream' })),
    );
    const appended = results.map((r) => (r as PromiseFulfilledResult<AppendResult>).value);
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(new Set(appended.map((r) => r.checkpoint.split(':')[0])).size).toBe(1);
    expect(appended.map((r) => r.nextExpectedVersion)).toEqual(Array(20).fill(1));
    for (let i = 0; i < 20; i++) {
      const events = await store.readStream(`deployment-gc-${i}`);
      expect(events.map((e) => [e.streamVersion, e.data])).toEqual([[1, { n: i }]]);
      expect(events[0]!.checkpoint).toBe(appended[i]!.checkpoint);
    }
  });

  it('fails only the append whose expected version is wrong; the others in its batch are written', async () => {
    await plain.appendToStream('deployment-gc-conflict', scaled(0));
    const results = await behindOne(
      () => store.appendToStream('deployment-gc-head', scaled(0)),
      [
        () => store.appendToStream('deployment-gc-ok-a', scaled(1), { expectedVersion: 'no_stream' }),
        () => store.appendToStream('deployment-gc-conflict', scaled(2), { expectedVersion: 5 }),
        () => store.appendToStream('deployment-gc-missing', scaled(3), { expectedVersion: 'stream_exists' }),
        () => store.appendToStream('deployment-gc-conflict', scaled(4), { expectedVersion: 'no_stream' }),
        () => store.appendToStream('deployment-gc-ok-b', scaled(5), { expectedVersion: 'any' }),
      ],
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected', 'fulfilled']);
    const errors = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as WrongExpectedVersionError);
    expect(errors.every((e) => e instanceof WrongExpectedVersionError)).toBe(true);
    expect(errors.map((e) => [e.streamId, e.expectedVersion, e.actualVersion])).toEqual([
      ['deployment-gc-conflict', 5, 1],
      ['deployment-gc-missing', 'stream_exists', null],
      ['deployment-gc-conflict', 'no_stream', 1],
    ]);
    expect(await store.streamVersion('deployment-gc-conflict')).toBe(1);
    expect(await store.streamVersion('deployment-gc-missing')).toBeNull();
    expect(await store.streamVersion('deployment-gc-ok-a')).toBe(1);
    expect(await store.streamVersion('deployment-gc-ok-b')).toBe(1);
  });

  it('applies two appends to one stream in one batch in order: the second sees the first', async () => {
    const results = await behindOne(
      () => store.appendToStream('deployment-gc-head', scaled(0)),
      [
        () => store.appendToStream('deployment-gc-twice', scaled(1), { expectedVersion: 'no_stream' }),
        () => store.appendToStream('deployment-gc-twice', [...scaled(2), ...scaled(3)], { expectedVersion: 1 }),
        () => store.appendToStream('deployment-gc-twice', scaled(4), { expectedVersion: 1 }),
      ],
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect((results[1] as PromiseFulfilledResult<AppendResult>).value.nextExpectedVersion).toBe(3);
    expect(((results[2] as PromiseRejectedResult).reason as WrongExpectedVersionError).actualVersion).toBe(3);
    const events = await store.readStream('deployment-gc-twice');
    expect(events.map((e) => [e.streamVersion, (e.data as { n: number }).n])).toEqual([[1, 1], [2, 2], [3, 3]]);
  });

  it('answers a retried idempotency key with the first result, in the same batch and across batches, and refuses a reused key', async () => {
    const key = { idempotencyKey: 'gc-key-1' };
    const results = await behindOne(
      () => store.appendToStream('deployment-gc-head', scaled(0)),
      [
        () => store.appendToStream('deployment-gc-idem', scaled(1), key),
        () => store.appendToStream('deployment-gc-idem', scaled(1), key),
        () => store.appendToStream('deployment-gc-other', scaled(9), key),
      ],
    );
    const [first, retry, reused] = results;
    const firstResult = (first as PromiseFulfilledResult<AppendResult>).value;
    expect(firstResult.replayed).toBe(false);
    expect((retry as PromiseFulfilledResult<AppendResult>).value).toEqual({ ...firstResult, replayed: true });
    expect((reused as PromiseRejectedResult).reason).toBeInstanceOf(IdempotencyKeyReusedError);
    const later = await behindOne(() => store.appendToStream('deployment-gc-head', scaled(0)), [
      () => store.appendToStream('deployment-gc-idem', scaled(1), key),
      () => store.appendToStream('deployment-gc-idem-b', scaled(1)),
    ]);
    expect((later[0] as PromiseFulfilledResult<AppendResult>).value).toEqual({ ...firstResult, replayed: true });
    expect(await store.streamVersion('deployment-gc-idem')).toBe(1);
    expect(await store.streamVersion('deployment-gc-other')).toBeNull();
  });

  it('retries every append alone when the batch transaction fails, so only the bad one fails', async () => {
    const taken = uuidv7();
    await plain.appendToStream('deployment-gc-taken', [{ id: taken, type: 'DeploymentScaled', data: {} }]);
    const results = await behindOne(
      () => store.appendToStream('deployment-gc-head', scaled(0)),
      [
        () => store.appendToStream('deployment-gc-fine-a', scaled(1)),
        () => store.appendToStream('deployment-gc-dup', [{ id: taken, type: 'DeploymentScaled', data: {} }]),
        () => store.appendToStream('deployment-gc-fine-b', scaled(2)),
      ],
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(((results[1] as PromiseRejectedResult).reason as { code?: string }).code).toBe('23505');
    expect(await store.streamVersion('deployment-gc-fine-a')).toBe(1);
    expect(await store.streamVersion('deployment-gc-fine-b')).toBe(1);
    expect(await store.streamVersion('deployment-gc-dup')).toBeNull();
  });

  it('keeps every stream in version order in the global log under many concurrent batched writers', async () => {
    const streams = 8;
    const versions = new Array<number>(streams).fill(0);
    let conflicts = 0;
    await Promise.all(
      Array.from({ length: 40 }, async (_, w) => {
        for (let n = 0; n < 10; n++) {
          const s = (w + n) % streams;
          try {
            const result = await store.appendToStream(`node-gc-order-${s}`, scaled(n), { expectedVersion: versions[s]! });
            versions[s] = Math.max(versions[s]!, result.nextExpectedVersion);
          } catch (error) {
            if (!(error instanceof WrongExpectedVersionError)) throw error;
            conflicts++;
            versions[s] = Math.max(versions[s]!, error.actualVersion ?? 0);
          }
        }
      }),
    );
    expect(conflicts).toBeGreaterThan(0);
    const written = versions.reduce((a, b) => a + b, 0);
    // Other test files' open transactions can hold the visible horizon back for a moment.
    let ours: RecordedEvent[] = [];
    for (let waited = 0; waited < 20_000; waited += 100) {
      ours = (await store.readAll(undefined, 100_000)).events.filter((e) => e.streamId.startsWith('node-gc-order-'));
      if (ours.length === written) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(ours).toHaveLength(written);
    const last = new Map<string, number>();
    for (const event of ours) {
      expect(event.streamVersion).toBe((last.get(event.streamId) ?? 0) + 1);
      last.set(event.streamId, event.streamVersion);
    }
    for (let s = 0; s < streams; s++) expect(last.get(`node-gc-order-${s}`)).toBe(await store.streamVersion(`node-gc-order-${s}`));
  });

  it('never waits for a lock while holding others, so it cannot deadlock with a transaction appending to streams in turn', async () => {
    // The scheduler's shape: one transaction appends to one stream (b), then to another (a), each under
    // a savepoint.
    let waitedMs = 0;
    let refused: unknown;
    const results = await batchWhileHeld('deployment-gc-lock-b', ['deployment-gc-lock-a', 'deployment-gc-lock-b'], async (tx) => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      // A batch holding lock a while waiting for b would make this wait until Postgres broke the cycle
      // (deadlock_timeout, 1 s here, longer for this session so the batch is the one that detects it).
      await tx.query(`SET LOCAL deadlock_timeout = '10s'`);
      await tx.query('SAVEPOINT append_a');
      const started = performance.now();
      refused = await plain.appendToStreams([{ streamId: 'deployment-gc-lock-a', expectedVersion: 'any', events: scaled(4) }], {}, tx).catch((e: unknown) => e);
      waitedMs = performance.now() - started;
      await tx.query('ROLLBACK TO SAVEPOINT append_a');
    });
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(waitedMs).toBeLessThan(800);
    // The batch's append to a committed after this transaction got its xid (with its write to b): taken,
    // this append would come before it in the global log, so it is refused, as a conflict to retry.
    expect(refused).toBeInstanceOf(StreamOrderConflictError);
    expect(await order('deployment-gc-lock-a')).toEqual([2]);
    expect(await order('deployment-gc-lock-b')).toEqual([1, 3]);
  });

  it('does not hold up a batch behind a stream another transaction holds, even the first in lock order', async () => {
    const results = await batchWhileHeld('deployment-gc-held-a', ['deployment-gc-held-a', 'deployment-gc-held-b'], async () => {
      // b's append commits while a's stream stays held: it did not wait behind a.
      for (let waited = 0; (await store.streamVersion('deployment-gc-held-b')) === null; waited += 20) {
        if (waited > 3000) throw new Error('the append to b waited behind the held stream a');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    });
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(await order('deployment-gc-held-a')).toEqual([1, 2]);
  });

  it('refuses bad options', () => {
    expect(() => new PostgresEventStore(db.pool, { groupCommit: { maxInFlight: 0 } })).toThrow(/maxInFlight/);
    expect(() => new PostgresEventStore(db.pool, { groupCommit: { maxItems: 5000 } })).toThrow(/maxItems/);
  });
});
