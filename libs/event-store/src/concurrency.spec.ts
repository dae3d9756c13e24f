import { createTestDatabase, type TestDatabase } from '@keel/testing';
import { StreamOrderConflictError, WrongExpectedVersionError } from './errors';
import { PostgresEventStore } from './event-store';
import { createPool } from './pool';

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
    expect(await globalVersions('deployment-hot', successes)).toEqual(Array.from({ length: successes }, (_, i) => i + 1));
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

  it('keeps one-stream appends (one or several events, any expected version form) in version order in the global log', async () => {
    await store.appendToStream('model-order', [{ type: 'Registered', data: {} }], { expectedVersion: 'no_stream' });
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => {
        const events = Array.from({ length: 1 + (i % 3) }, (_, e) => ({ type: 'Touched', data: { i, e } }));
        return store.appendToStream('model-order', events, { expectedVersion: i % 2 === 0 ? 'any' : 'stream_exists' });
      }),
    );
    const appended = 1 + Array.from({ length: 40 }, (_, i) => 1 + (i % 3)).reduce((a, b) => a + b, 0);
    expect(await globalVersions('model-order', appended)).toEqual(Array.from({ length: appended }, (_, i) => i + 1));
  });
});

describe("an append in a transaction that wrote before it", () => {
  it('is refused when a newer transaction appended to the stream meanwhile, so the stream stays in order in the global log', async () => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      // The caller's transaction gets its xid here, before any lock on deployment-late.
      await store.appendToStreams([{ streamId: 'node-early', expectedVersion: 'no_stream', events: [{ type: 'Registered', data: {} }] }], {}, client);
      await store.appendToStream('deployment-late', [{ type: 'Created', data: {} }], { expectedVersion: 'no_stream' });
      const error = await store
        .appendToStreams([{ streamId: 'deployment-late', expectedVersion: 1, events: [{ type: 'Scaled', data: {} }] }], {}, client)
        .then(() => 'appended', (e: unknown) => e);
      expect(error).toBeInstanceOf(StreamOrderConflictError);
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect((error as StreamOrderConflictError).actualVersion).toBe(1);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    // In a new transaction the same append goes through, after the newer one in the global log.
    await store.appendToStream('deployment-late', [{ type: 'Scaled', data: {} }], { expectedVersion: 1 });
    expect(await globalVersions('deployment-late', 2)).toEqual([1, 2]);
  });

  it("goes through when the stream's last event is older than the transaction", async () => {
    await store.appendToStream('deployment-older', [{ type: 'Created', data: {} }], { expectedVersion: 'no_stream' });
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await store.appendToStreams([{ streamId: 'node-first', expectedVersion: 'no_stream', events: [{ type: 'Registered', data: {} }] }], {}, client);
      const result = await store.appendToStreams([{ streamId: 'deployment-older', expectedVersion: 1, events: [{ type: 'Scaled', data: {} }] }], {}, client);
      expect(result.nextExpectedVersion).toBe(2);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    expect(await globalVersions('deployment-older', 2)).toEqual([1, 2]);
  });
});

/**
 * The stream's versions in global-log order. The global read shows only transactions older than the
 * oldest running one anywhere on the server (other test files' included): read until `count` are visible.
 */
async function globalVersions(streamId: string, count: number): Promise<number[]> {
  let versions: number[] = [];
  for (let attempt = 0; attempt < 200 && versions.length < count; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    const log = await store.readAll(undefined, 100_000);
    versions = log.events.filter((e) => e.streamId === streamId).map((e) => e.streamVersion);
  }
  return versions;
}

describe('an append that waits for the stream lock', () => {
  /** Appends to `streamId` in an open transaction; returns the client (holding the stream's lock) to commit. */
  async function holdAppend(streamId: string, expectedVersion: 'no_stream' | number): Promise<import('pg').PoolClient> {
    const client = await db.pool.connect();
    await client.query('BEGIN');
    await store.appendToStreams([{ streamId, expectedVersion, events: [{ type: 'Held', data: {} }] }], {}, client);
    return client;
  }
  /** Resolves once a backend of this database waits for an advisory lock. */
  async function waitingForLock(): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const { rows } = await db.pool.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE l.locktype = 'advisory' AND NOT l.granted AND a.datname = current_database()",
      );
      if (rows[0]!.n > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('no append waited for the stream lock');
  }
  /** Once an append waits behind `holder`, commits the holder's transaction. */
  async function commitWhenWaitedOn(holder: import('pg').PoolClient): Promise<void> {
    await waitingForLock();
    await holder.query('COMMIT');
    holder.release();
  }
  const outcomeOf = (append: Promise<unknown>): Promise<unknown> => append.then(() => 'appended', (error: unknown) => error);

  it('checks an exact expected version against what the lock holder committed, not what it saw when it started', async () => {
    await store.appendToStream('deployment-held', [{ type: 'Created', data: {} }], { expectedVersion: 'no_stream' });
    const holder = await holdAppend('deployment-held', 1);
    const outcome = outcomeOf(store.appendToStream('deployment-held', [{ type: 'Scaled', data: {} }], { expectedVersion: 1 }));
    await commitWhenWaitedOn(holder);
    const error = await outcome;
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect((error as WrongExpectedVersionError).actualVersion).toBe(2);
    expect(await store.streamVersion('deployment-held')).toBe(2);
  });

  it('refuses no_stream for a stream the lock holder created, and appends after it with any', async () => {
    const holder = await holdAppend('node-held', 'no_stream');
    const fresh = outcomeOf(store.appendToStream('node-held', [{ type: 'Registered', data: {} }], { expectedVersion: 'no_stream' }));
    const any = store.appendToStream('node-held', [{ type: 'Labelled', data: {} }, { type: 'Cordoned', data: {} }], { expectedVersion: 'any' });
    await commitWhenWaitedOn(holder);
    const error = await fresh;
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect((error as WrongExpectedVersionError).actualVersion).toBeGreaterThanOrEqual(1);
    expect((await any).nextExpectedVersion).toBe(3);
    expect((await store.readStream('node-held')).map((e) => e.type)).toEqual(['Held', 'Labelled', 'Cordoned']);
  });

  it('appends stream_exists and an exact version queued behind the stream creation that makes them true', async () => {
    const holder = await holdAppend('model-held', 'no_stream');
    const exists = store.appendToStream('model-held', [{ type: 'Deprecated', data: {} }], { expectedVersion: 'stream_exists' });
    await commitWhenWaitedOn(holder);
    expect((await exists).nextExpectedVersion).toBe(2);

    const again = await holdAppend('model-held', 2);
    const exact = store.appendToStream('model-held', [{ type: 'Renamed', data: {} }], { expectedVersion: 3 });
    await commitWhenWaitedOn(again);
    expect((await exact).nextExpectedVersion).toBe(4);
    expect((await store.readStream('model-held')).map((e) => e.type)).toEqual(['Held', 'Deprecated', 'Held', 'Renamed']);
  });

  /**
   * In a caller's transaction that wrote to `table` first, appends one event to `streamId` at `expectedVersion`,
   * then commits. Returns the append's outcome, what COMMIT answered and how many rows `table` kept.
   */
  async function appendAfterSideEffect(table: string, streamId: string, expectedVersion: number): Promise<{ error: unknown; command: string; kept: number }> {
    await db.pool.query(`CREATE TABLE IF NOT EXISTS ${table} (note text)`);
    const client = await db.pool.connect();
    let error: unknown;
    let command: string;
    try {
      await client.query('BEGIN');
      await client.query(`INSERT INTO ${table} VALUES ('written before the conflict')`);
      error = await outcomeOf(store.appendToStreams([{ streamId, expectedVersion, events: [{ type: 'Scaled', data: {} }] }], {}, client));
      command = (await client.query('COMMIT')).command;
    } finally {
      client.release();
    }
    const kept: number = (await db.pool.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
    return { error, command, kept };
  }

  it("aborts the caller's transaction on a version conflict, so its other writes do not commit", async () => {
    const { error, command, kept } = await appendAfterSideEffect('side_effects', 'deployment-never', 7);
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(command).toBe('ROLLBACK');
    expect(kept).toBe(0);
  });

  it('refuses an exact version the stream is already past, naming the actual version', async () => {
    await store.appendToStream('deployment-ahead', [{ type: 'Created', data: {} }, { type: 'Scaled', data: {} }], { expectedVersion: 'no_stream' });
    const error = await outcomeOf(store.appendToStream('deployment-ahead', [{ type: 'Scaled', data: {} }], { expectedVersion: 1 }));
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect((error as WrongExpectedVersionError).actualVersion).toBe(2);
    expect((await store.readStream('deployment-ahead')).map((e) => e.type)).toEqual(['Created', 'Scaled']);
  });

  it('answers a retry of a committed append (same event ids, same expected version) with a version conflict', async () => {
    const append = [{ id: '0190f3a4-7c1e-7000-8000-00000000b001', type: 'Created', data: {} }];
    await store.appendToStream('deployment-retried', append, { expectedVersion: 'no_stream' });
    const error = await outcomeOf(store.appendToStream('deployment-retried', append, { expectedVersion: 'no_stream' }));
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect((error as WrongExpectedVersionError).actualVersion).toBe(1);
    const next = [{ id: '0190f3a4-7c1e-7000-8000-00000000b002', type: 'Scaled', data: {} }];
    await store.appendToStream('deployment-retried', next, { expectedVersion: 1 });
    const again = await outcomeOf(store.appendToStream('deployment-retried', next, { expectedVersion: 1 }));
    expect(again).toBeInstanceOf(WrongExpectedVersionError);
    expect((again as WrongExpectedVersionError).actualVersion).toBe(2);
  });

  it("reports a conflict in a caller's transaction that holds the pool's only connection", async () => {
    const single = createPool({ connectionString: db.url, max: 1 });
    const lone = new PostgresEventStore(single, { notify: false });
    try {
      await lone.appendToStream('deployment-lone', [{ type: 'Created', data: {} }, { type: 'Scaled', data: {} }], { expectedVersion: 'no_stream' });
      const client = await single.connect();
      try {
        await client.query('BEGIN');
        await client.query('SAVEPOINT append');
        const error = await outcomeOf(lone.appendToStreams([{ streamId: 'deployment-lone', expectedVersion: 1, events: [{ type: 'Scaled', data: {} }] }], {}, client));
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect((error as WrongExpectedVersionError).actualVersion).toBe(2);
        await client.query('ROLLBACK TO SAVEPOINT append');
        await lone.appendToStreams([{ streamId: 'deployment-lone', expectedVersion: 2, events: [{ type: 'Scaled', data: {} }] }], {}, client);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
      expect(await lone.streamVersion('deployment-lone')).toBe(3);
    } finally {
      await single.end();
    }
  });

  it("aborts the caller's transaction when the stream is already past the expected version, naming the actual one", async () => {
    await store.appendToStream('deployment-past', [{ type: 'Created', data: {} }, { type: 'Scaled', data: {} }], { expectedVersion: 'no_stream' });
    const { error, command, kept } = await appendAfterSideEffect('side_effects_past', 'deployment-past', 1);
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect((error as WrongExpectedVersionError).actualVersion).toBe(2);
    expect(command).toBe('ROLLBACK');
    expect(kept).toBe(0);
    expect(await store.streamVersion('deployment-past')).toBe(2);
  });
});
