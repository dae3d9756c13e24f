import { type PoolClient } from 'pg';
import { createTestDatabase, type TestDatabase } from '@keel/testing';
import { compareCheckpoints } from './checkpoint';
import { PostgresEventStore, type HorizonBlocker } from './event-store';
import { Subscription } from './subscription';
import { type RecordedEvent } from './types';

let db: TestDatabase;
let store: PostgresEventStore;
const running: Subscription[] = [];

beforeAll(async () => {
  db = await createTestDatabase({ poolSize: 12 });
  store = new PostgresEventStore(db.pool);
  await db.pool.query('CREATE TABLE effects (event_id uuid PRIMARY KEY, subscription text NOT NULL)');
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});
afterAll(() => db.drop());

function subscribe(name: string, handler: (events: readonly RecordedEvent[], tx: PoolClient) => Promise<void>, extra: Partial<ConstructorParameters<typeof Subscription>[1]> = {}): Subscription {
  const subscription = new Subscription(store, { name, handler, pollIntervalMs: 50, ...extra });
  running.push(subscription);
  return subscription;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await sleep(20);
  }
}

describe('Subscription', () => {
  it('never skips an event whose transaction commits late, and its checkpoint never passes it', async () => {
    const delivered: RecordedEvent[] = [];
    const checkpoints: string[] = [];
    let stall: HorizonBlocker | null = null;
    const sub = subscribe('late-commit', async (events) => {
      delivered.push(...events);
    }, { onStall: (blocker) => { stall = blocker; }, stallAfterMs: 100 });
    await sub.start();

    // T1 holds its append open. The horizon is cluster-wide, so other tests' short transactions may be
    // reported first; T1 is the one that stays, and it is always ended, even when an assertion fails.
    const t1 = await db.pool.connect();
    let t1Open = true;
    try {
      await t1.query('BEGIN');
      const t1Result = await store.appendToStreams([{ streamId: 'node-late', expectedVersion: 'no_stream', events: [{ type: 'T1', data: {} }] }], {}, t1);
      const t1Pid = (await t1.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      const t2Result = await store.appendToStream('node-early', [{ type: 'T2', data: {} }]);
      expect(compareCheckpoints(t2Result.checkpoint, t1Result.checkpoint)).toBeGreaterThan(0);

      const poll = setInterval(() => checkpoints.push(sub.checkpoint), 10);
      await until(() => (stall as HorizonBlocker | null)?.pid === t1Pid, 10_000);
      expect(delivered.map((e) => e.type)).toEqual([]);
      expect((stall as unknown as HorizonBlocker).ageSeconds).toBeGreaterThanOrEqual(0);

      clearInterval(poll);
      // While T1 was open, T2 (committed, later xid) was held back and the checkpoint stayed below T1.
      expect(checkpoints.length).toBeGreaterThan(0);
      expect(checkpoints.every((c) => compareCheckpoints(c, t1Result.checkpoint) < 0)).toBe(true);
      await t1.query('COMMIT');
      t1Open = false;
      await sub.waitFor(t2Result.checkpoint);
      expect(delivered.map((e) => e.type)).toEqual(['T1', 'T2']);
    } finally {
      if (t1Open) await t1.query('ROLLBACK').catch(() => undefined);
      t1.release();
    }
  });

  it('commits handler writes with the checkpoint: a consumer killed between handling and commit re-processes without a duplicate effect', async () => {
    let head = '0:0';
    for (let i = 0; i < 20; i++) head = (await store.appendToStream(`model-k${i}`, [{ type: 'ModelRegistered', data: { i } }])).checkpoint;
    let kills = 0;
    const sub = subscribe('killed', async (events, tx) => {
      for (const event of events) {
        await tx.query('INSERT INTO effects (event_id, subscription) VALUES ($1, $2)', [event.id, 'killed']);
      }
      if (kills < 2) {
        kills += 1;
        const pid = (await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
        await db.pool.query('SELECT pg_terminate_backend($1)', [pid]);
      }
    }, { batchSize: 7 });
    await sub.start();
    await sub.waitFor(head, 20_000);
    expect(kills).toBe(2);
    const { rows } = await db.pool.query<{ n: string }>("SELECT count(*) AS n FROM effects WHERE subscription = 'killed'");
    const { rows: total } = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM es.events');
    expect(Number(rows[0]!.n)).toBe(Number(total[0]!.n));
  });

  it('reads ahead while the handler runs, and a failed batch drops its read-ahead: every event once, in log order', async () => {
    const streams = Array.from({ length: 6 }, (_, i) => `model-ra${i}`);
    let head = '0:0';
    for (let round = 0; round < 5; round++) {
      for (const stream of streams) head = (await store.appendToStream(stream, [{ type: 'ModelRegistered', data: { round } }])).checkpoint;
    }
    const delivered: string[] = [];
    let failures = 0;
    const sub = subscribe(
      'read-ahead',
      async (events) => {
        // Fail every third batch once, after the read-ahead of the next one has started.
        if (failures < 3 && delivered.length % 3 === 0 && events.length > 0) {
          failures += 1;
          await sleep(20);
          throw new Error('broker unavailable');
        }
        await sleep(5);
        delivered.push(...events.map((e) => e.id));
      },
      { batchSize: 4, readAhead: true },
    );
    await sub.start();
    await sub.waitFor(head, 20_000);
    expect(failures).toBe(3);
    // Read after the subscription got there: another test file's open transaction may hide the newest events for a while.
    const { events: log } = await store.readAll('0:0', 10_000);
    const upToHead = log.filter((e) => compareCheckpoints(e.checkpoint, head) <= 0).map((e) => e.id);
    expect(delivered.slice(0, upToHead.length)).toEqual(upToHead);
  });

  it('keeps one active instance per name; a standby takes over when the active one stops', async () => {
    const seenBy: Record<string, number> = { a: 0, b: 0 };
    const a = subscribe('single', async (events) => { seenBy.a! += events.length; }, { instanceId: 'a' });
    const b = subscribe('single', async (events) => { seenBy.b! += events.length; }, { instanceId: 'b' });
    await a.start();
    await until(() => a.isActive);
    await b.start();
    const first = await store.appendToStream('node-single', [{ type: 'A', data: {} }]);
    await a.waitFor(first.checkpoint);
    await sleep(200);
    expect(b.isActive).toBe(false);
    const handledByA = seenBy.a!;
    expect(seenBy.b).toBe(0);

    await a.stop();
    running.splice(running.indexOf(a), 1);
    const second = await store.appendToStream('node-single', [{ type: 'B', data: {} }]);
    await until(() => b.isActive);
    await b.waitFor(second.checkpoint);
    expect(seenBy.a).toBe(handledByA);
    expect(seenBy.b).toBeGreaterThanOrEqual(1);
  });

  it('rolls back the batch of an instance whose lease was taken over while it was handling it', async () => {
    const written = await store.appendToStream('node-fenced', [{ type: 'A', data: {} }]);
    let stolen = false;
    const sub = subscribe('fenced', async (events, tx) => {
      for (const event of events) await tx.query('INSERT INTO effects (event_id, subscription) VALUES ($1, $2) ON CONFLICT DO NOTHING', [event.id, 'fenced']);
      if (!stolen) {
        stolen = true;
        // Another instance takes the lease (as after an expiry) while this batch is still open.
        await db.pool.query("UPDATE es.subscriptions SET owner = 'thief', fencing_token = fencing_token + 1, lease_until = now() + interval '1 hour' WHERE name = 'fenced'");
      }
    }, { instanceId: 'victim' });
    await sub.start();
    await until(() => stolen && !sub.isActive, 10_000);
    const { rows } = await db.pool.query<{ n: string }>("SELECT count(*) AS n FROM effects WHERE subscription = 'fenced'");
    expect(Number(rows[0]!.n)).toBe(0);
    const { rows: checkpoint } = await db.pool.query<{ c: string }>("SELECT checkpoint_tx::text || ':' || checkpoint_pos AS c FROM es.subscriptions WHERE name = 'fenced'");
    expect(compareCheckpoints(checkpoint[0]!.c, written.checkpoint)).toBeLessThan(0);
  });

  it('takes over from a crashed instance once its lease expires, resuming from its checkpoint', async () => {
    const head = await store.appendToStream('node-crash', [{ type: 'A', data: {} }]);
    await db.pool.query(
      "INSERT INTO es.subscriptions (name, owner, fencing_token, lease_until, checkpoint_tx, checkpoint_pos) VALUES ('crashy', 'dead', 1, now() + interval '1 second', '0', 0)",
    );
    const handled: string[] = [];
    const sub = subscribe('crashy', async (events) => { handled.push(...events.map((e) => e.id)); }, { leaseMs: 1000 });
    await sub.start();
    await sleep(300);
    expect(sub.isActive).toBe(false);
    await sub.waitFor(head.checkpoint, 5000);
    expect(sub.isActive).toBe(true);
    expect(new Set(handled).size).toBe(handled.length);
  });

  it('notifies subscribers when a handler that appended in its batch transaction commits', async () => {
    const reactor = subscribe('reactor', async (events, tx) => {
      for (const event of events) {
        if (event.type === 'Trigger') await store.appendToStreams([{ streamId: `node-reaction-${event.id}`, expectedVersion: 'no_stream', events: [{ type: 'Reaction', data: {} }] }], {}, tx);
      }
    });
    const reactions: string[] = [];
    const watcher = subscribe('watcher', async (events) => {
      reactions.push(...events.filter((e) => e.type === 'Reaction').map((e) => e.streamId));
    }, { pollIntervalMs: 60_000 });
    await reactor.start();
    await watcher.start();
    await until(() => reactor.isActive && watcher.isActive);
    await sleep(100);
    await store.appendToStream('node-trigger', [{ type: 'Trigger', data: {} }]);
    await until(() => reactions.length === 1, 5000);
  });

  it('wakes on NOTIFY without waiting for the polling interval', async () => {
    const sub = subscribe('notified', async () => undefined, { pollIntervalMs: 60_000 });
    await sub.start();
    await until(() => sub.isActive);
    await sleep(100);
    const started = Date.now();
    const result = await store.appendToStream('node-notify', [{ type: 'A', data: {} }]);
    await sub.waitFor(result.checkpoint, 5000);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
