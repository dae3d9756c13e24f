import { PostgresEventStore } from '@keel/event-store';
import { createTestDatabase, type TestDatabase } from '@keel/testing';
import { decider, type ModelCommand } from '@keel/model-domain';
import { examples } from '../testing/api-harness';
import { ProjectorThread } from './projector-thread';

jest.setTimeout(60_000);

describe('ProjectorThread (the read-model projector on a worker thread, real Postgres)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ poolSize: 2 });
  });
  afterAll(() => db.drop());

  it('projects what is appended, reports the checkpoint it committed, and stops cleanly', async () => {
    const errors: string[] = [];
    const thread = await ProjectorThread.start({ databaseUrl: db.url, poolSize: 2 }, (message) => errors.push(message));
    try {
      const store = new PostgresEventStore(db.pool);
      const decided = decider.decide({ type: 'RegisterModel', data: examples.mistral7b } as ModelCommand, decider.initialState());
      const events = decided.map((event) => ({ type: event.type, data: event.data }));
      const { checkpoint } = await store.appendToStream('model-mistral-7b', events, { expectedVersion: 'no_stream' });
      const reached = await thread.reached(checkpoint, 20_000);
      expect({ reached, errors }).toEqual({ reached: true, errors: [] });
      const { rows } = await db.pool.query<{ name: string }>('SELECT name FROM read.models');
      expect(rows).toEqual([{ name: 'mistral-7b' }]);
      // A checkpoint nobody wrote is not reached.
      const [tx, position] = checkpoint.split(':').map(BigInt) as [bigint, bigint];
      expect(await thread.reached(`${tx + 1000n}:${position + 1000n}`, 300)).toBe(false);
      expect(errors).toEqual([]);
    } finally {
      await thread.stop();
    }
    const { rows: lease } = await db.pool.query<{ owner: string | null }>("SELECT owner FROM es.subscriptions WHERE name = 'read-models'");
    expect(lease).toEqual([{ owner: null }]);
  });

  it('fails to start naming the reason when the database is unreachable', async () => {
    await expect(ProjectorThread.start({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none', poolSize: 1 }, () => undefined)).rejects.toThrow(/read-model projector thread: .*ECONNREFUSED/);
  });
});
