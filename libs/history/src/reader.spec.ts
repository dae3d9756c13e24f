import { PostgresEventStore } from '@keel/event-store';
import { createTestDatabase, type TestDatabase } from '@keel/testing';
import { parseAsOf } from './as-of';
import { clusterAt, clusterDiff, foldAt, resolveCut, waitForCheckpoint } from './reader';
import { eventLine, tailEvents } from './tail';
import { StoredLog } from './testing/stored-log';
import { a100Node, mistral, TestLog } from './testing/test-log';

describe('history on real Postgres', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  const marks: Record<string, { time: string; checkpoint: string }> = {};

  beforeAll(async () => {
    db = await createTestDatabase({ poolSize: 4 });
    store = new PostgresEventStore(db.pool, { notify: false });
    const log = new TestLog();
    const stored = new StoredLog(store, log);
    log.registerModel(mistral);
    log.registerNode(a100Node('node-a'));
    log.registerNode(a100Node('node-b', 'zone-b'));
    log.createDeployment('chat', 2);
    log.bind('chat', 'chat-0', 'node-a', [0]);
    log.bind('chat', 'chat-1', 'node-a', [1]);
    marks.bound = { time: log.time, checkpoint: await stored.save() };
    log.scale('chat', 3);
    marks.scaled = { time: log.time, checkpoint: await stored.save() };
    log.drain('node-a');
    marks.drained = { time: log.time, checkpoint: await stored.save() };
    expect(await waitForCheckpoint(store, marks.drained.checkpoint, 20_000)).toBe(true);
  });
  afterAll(() => db.drop());

  it('rebuilds the same picture at a time, at the checkpoint and at the position of the last event before it', async () => {
    const byTime = await clusterAt(store, parseAsOf(marks.scaled!.time, 'asOf'));
    const byCheckpoint = await clusterAt(store, parseAsOf(marks.scaled!.checkpoint, 'asOf'));
    const byPosition = await clusterAt(store, parseAsOf(marks.scaled!.checkpoint.split(':')[1]!, 'asOf'));
    expect(byCheckpoint).toEqual(byTime);
    expect(byPosition).toEqual(byTime);
    expect(byTime.asOf.checkpoint).toBe(marks.scaled!.checkpoint);
    expect(byTime.deployments[0]).toMatchObject({ name: 'chat', replicas: 3, boundPods: 2, pendingPods: 1 });
    expect(byTime.nodes.map((n) => n.cordoned)).toEqual([false, false]);
  });

  it('shows the empty cluster at position 0 and the head for a position past it', async () => {
    expect((await clusterAt(store, { kind: 'position', position: 0 })).nodes).toEqual([]);
    const head = await clusterAt(store, { kind: 'position', position: 1_000_000 });
    expect(head.asOf.checkpoint).toBe(marks.drained!.checkpoint);
    expect(head.pods.map((p) => p.phase)).toEqual(['Pending', 'Pending', 'Pending']);
  });

  it('diffs two moments in one pass, whichever kinds they are given as', async () => {
    const diff = await clusterDiff(store, parseAsOf(marks.bound!.time, 'from'), parseAsOf(marks.drained!.checkpoint, 'to'));
    expect(diff.changes.map((c) => c.text)).toEqual([
      'node node-a cordoned',
      'deployment chat scaled 2 → 3 replicas',
      'pod chat/chat-0 evicted from node-a (Pending)',
      'pod chat/chat-1 evicted from node-a (Pending)',
      'pod chat/chat-2 created (replica 2, stage 0, revision 1)',
    ]);
    const [a, b] = await foldAt(store, [await resolveCut(store, parseAsOf(marks.drained!.time, 'x'), 'x'), { kind: 'time', time: new Date(0) }]);
    expect([a!.events, b!.events]).toEqual([expect.any(Number), 0]);
  });

  it('refuses a malformed checkpoint naming the parameter', async () => {
    await expect(resolveCut(store, { kind: 'checkpoint', checkpoint: 'x:1' }, '--as-of')).rejects.toThrow(/^--as-of: checkpoint "x:1"/);
  });

  it('tails the log from a checkpoint with stream and type filters, and follows new events until aborted', async () => {
    const all: string[] = [];
    for await (const event of tailEvents(store, { from: marks.bound!.checkpoint })) all.push(`${event.streamId} ${event.type}`);
    expect(all.slice(0, 2)).toEqual(['deployment-chat DeploymentScaled', 'deployment-chat PodCreated']);
    const drains: string[] = [];
    for await (const event of tailEvents(store, { stream: 'node-node-a', type: 'NodeDrained' })) drains.push(eventLine(event).type);
    expect(drains).toEqual(['NodeDrained']);

    const controller = new AbortController();
    const seen: string[] = [];
    const following = (async () => {
      for await (const event of tailEvents(store, { from: marks.drained!.checkpoint, follow: true, pollMs: 20, signal: controller.signal })) {
        seen.push(event.type);
        controller.abort();
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const cordoned = await store.appendToStream('node-node-b', [{ type: 'NodeCordoned', data: { name: 'node-b' } }]);
    await waitForCheckpoint(store, cordoned.checkpoint, 20_000);
    await following;
    expect(seen).toEqual(['NodeCordoned']);
  });
});
