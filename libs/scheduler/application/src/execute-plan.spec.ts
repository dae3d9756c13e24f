import { PostgresEventStore } from '@keel/event-store';
import { testMetadata } from '@keel/kernel';
import { createTestDatabase, type TestDatabase } from '@keel/testing';
import { buildClusterPicture } from './cluster-picture';
import { ClusterView } from './cluster-view';
import { bindCommands } from './commands';
import { executePlan, reload } from './execute-plan';
import { a100Node, spec, ViewBuilder } from './testing/view-builder';

const STREAMS = ['node-n1', 'deployment-a', 'deployment-b'];

describe('executePlan on a real event store', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    db = await createTestDatabase({ poolSize: 4 });
    store = new PostgresEventStore(db.pool, { notify: false });
    const seed = new ViewBuilder().registerNode(a100Node('n1', 1)).createDeployment('a', 1, spec()).createDeployment('b', 1, spec());
    for (const entry of seed.log) await store.appendToStream(entry.streamId, [{ type: entry.type, data: entry.data }]);
  });
  afterAll(() => db.drop());

  async function freshView(): Promise<ClusterView> {
    const view = new ClusterView();
    await reload(view, store, STREAMS);
    return view;
  }

  function bindPlan(view: ClusterView, deployment: string) {
    const handle = buildClusterPicture(view).pending.find((h) => h.deployment.name === deployment)!;
    const node = view.nodes.get('n1')!.state;
    if (node.status !== 'Active') throw new Error('n1 is not active');
    return { commands: bindCommands(handle, node, [0], []), metadata: testMetadata, idempotencyKey: `bind:${deployment}:${handle.pod.name}:1` };
  }

  it('binds with one append to the node and the deployment streams, and the view learns it', async () => {
    const view = await freshView();
    const outcome = await executePlan(view, store, bindPlan(view, 'a'));
    expect(outcome.kind).toBe('appended');
    expect(outcome.kind === 'appended' && outcome.result.streams.map((s) => s.streamId)).toEqual(['node-n1', 'deployment-a']);
    expect(view.versionOf('node-n1')).toBe(2);
    expect(buildClusterPicture(view).pending.map((h) => h.pod.name)).toEqual(['b-0']);
  });

  it('a stale scheduler repeating the same bind (same key) writes nothing', async () => {
    const stale = new ClusterView();
    await reload(stale, store, STREAMS);
    stale.replace('node-n1', (await store.readStream('node-n1')).slice(0, 1));
    stale.replace('deployment-a', (await store.readStream('deployment-a')).slice(0, 2));
    const before = (await store.readAll('0:0', 1000)).events.length;
    const outcome = await executePlan(stale, store, bindPlan(stale, 'a'));
    expect(outcome.kind === 'appended' && outcome.result.replayed).toBe(true);
    expect((await store.readAll('0:0', 1000)).events.length).toBe(before);
    expect(stale.versionOf('node-n1')).toBe(2);
  });

  it('a stale scheduler binding another pod onto a full device is refused and reloads', async () => {
    const stale = new ClusterView();
    await reload(stale, store, STREAMS);
    stale.replace('node-n1', (await store.readStream('node-n1')).slice(0, 1));
    const outcome = await executePlan(stale, store, bindPlan(stale, 'b'));
    expect(outcome.kind).toBe('conflict');
    expect(stale.versionOf('node-n1')).toBe(2);
    expect((await store.readStream('deployment-b')).map((e) => e.type)).not.toContain('PodBound');
  });
});
