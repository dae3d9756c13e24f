import { createTestDatabase, type TestDatabase } from '@keel/testing';
import { IdempotencyKeyReusedError, WrongExpectedVersionError } from './errors';
import { PostgresEventStore } from './event-store';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 1 });
});
afterAll(() => db.drop());

const backend = async (): Promise<number> => (await db.pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;

describe('appends that Postgres refuses', () => {
  it.each([
    ['without group commit', {}],
    ['with group commit', { groupCommit: true }],
  ])('keep their connection (%s): a conflict or a reused key does not cost a new backend', async (_case, options) => {
    const store = new PostgresEventStore(db.pool, options);
    const stream = `deployment-keep-${Math.random().toString(36).slice(2)}`;
    await store.appendToStream(stream, [{ type: 'A', data: {} }], { idempotencyKey: `${stream}-key` });
    const before = await backend();
    await expect(store.appendToStream(stream, [{ type: 'A', data: {} }], { expectedVersion: 5 })).rejects.toBeInstanceOf(WrongExpectedVersionError);
    await expect(store.appendToStream(`${stream}-other`, [{ type: 'B', data: {} }], { idempotencyKey: `${stream}-key` })).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    await expect(store.appendToStreams([{ streamId: stream, expectedVersion: 'no_stream', events: [{ type: 'A', data: {} }] }, { streamId: `${stream}-2`, expectedVersion: 'any', events: [{ type: 'A', data: {} }] }])).rejects.toBeInstanceOf(WrongExpectedVersionError);
    expect(await backend()).toBe(before);
  });
});
