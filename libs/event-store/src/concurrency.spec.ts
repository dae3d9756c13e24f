import { createTestDatabase, type TestDatabase } from '@keel/testing';
import { WrongExpectedVersionError } from './errors';
import { PostgresEventStore } from './event-store';

let db: TestDatabase;
let store: PostgresEventStore;

beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 20 });
  store = new PostgresEventStore(db.pool);
});
afterAll(() => db.drop());

describe('concurrent writers on one stream', () => {
  it('50 writers with exact expected versions and retry end with version = successful appends, no gaps or duplicates', async () => {
    const writers = 50;
    const appendsPerWriter = 2;
    let conflicts = 0;
    const writer = async (w: number): Promise<number> => {
      let done = 0;
      for (let attempt = 0; done < appendsPerWriter && attempt < 1000; attempt++) {
        const version = (await store.streamVersion('deployment-hot')) ?? 0;
        try {
          await store.appendToStream('deployment-hot', [{ type: 'Scaled', data: { writer: w, n: done } }], { expectedVersion: version });
          done += 1;
        } catch (error) {
          if (!(error instanceof WrongExpectedVersionError)) throw error;
          conflicts += 1;
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
        }
      }
      return done;
    };
    const successes = (await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)))).reduce((a, b) => a + b, 0);
    expect(successes).toBe(writers * appendsPerWriter);
    expect(conflicts).toBeGreaterThan(0);
    expect(await store.streamVersion('deployment-hot')).toBe(successes);
    const events = await store.readStream('deployment-hot');
    expect(events.map((e) => e.streamVersion)).toEqual(Array.from({ length: successes }, (_, i) => i + 1));
    const written = new Set(events.map((e) => `${(e.data as { writer: number }).writer}/${(e.data as { n: number }).n}`));
    expect(written.size).toBe(successes);
  });

  it('keeps each stream in version order in the global log even when a multi-stream append waits for a lock', async () => {
    const all = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        store.appendToStreams([
          { streamId: `node-${i % 3}`, expectedVersion: 'any', events: [{ type: 'PodAssigned', data: { i } }] },
          { streamId: `deployment-${i % 4}`, expectedVersion: 'any', events: [{ type: 'PodBound', data: { i } }] },
        ]),
      ),
    );
    expect(all).toHaveLength(40);
    const log = await store.readAll(undefined, 100_000);
    const lastVersion = new Map<string, number>();
    for (const event of log.events) {
      const previous = lastVersion.get(event.streamId) ?? 0;
      expect(event.streamVersion).toBe(previous + 1);
      lastVersion.set(event.streamId, event.streamVersion);
    }
  });
});
