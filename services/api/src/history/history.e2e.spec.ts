import { compareCheckpoints, type PostgresEventStore } from '@keel/event-store';
import { type ClusterDiff, type ClusterPicture } from '@keel/history';
import { systemClock, uuidGenerator } from '@keel/kernel';
import { ClusterView, type EventLog, SchedulerCycle } from '@keel/scheduler-application';
import { type ApiHarness, examples, startApiHarness } from '../testing/api-harness';

interface Problem {
  error: { code: string; message: string; details: { path: string; reason: string }[] };
}

/** One pass of the live scheduler over the log up to `until` (the harness runs none); answers its last checkpoint. */
async function schedulerPass(store: PostgresEventStore, until: string): Promise<string> {
  const view = new ClusterView();
  let after = '0:0';
  const deadline = Date.now() + 20_000;
  while (compareCheckpoints(after, until) < 0) {
    if (Date.now() > deadline) throw new Error(`the log did not reach ${until}`);
    const batch = await store.readAll(after, 1000);
    for (const event of batch.events) view.apply(event);
    if (batch.events.length > 0) after = batch.checkpoint;
    else await new Promise((resolve) => setTimeout(resolve, 25));
  }
  let checkpoint = until;
  const log: EventLog = {
    appendToStreams: async (appends, options) => {
      const result = await store.appendToStreams(appends, options);
      checkpoint = result.checkpoint;
      return result;
    },
    readStream: (streamId) => store.readStream(streamId),
  };
  await new SchedulerCycle({ log, view, clock: systemClock, ids: uuidGenerator }).pass();
  return checkpoint;
}

/** What the live API (read models) shows, in the time-travel picture's terms. */
interface Shown {
  nodes: [string, boolean, string][];
  deployments: [string, number, number, number][];
  pods: [string, string, string | null, number[]][];
}

const TOLERATE_GPU = [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }];

describe('time travel over REST: GET /v1/cluster?asOf and GET /v1/diff', () => {
  let h: ApiHarness;
  let drainedNode: string;
  const moments: { name: string; time: string; checkpoint: string; shown: Shown }[] = [];

  /** Reads nodes, deployments and pods from the read models once they reach `checkpoint`. */
  async function shownAt(checkpoint: string): Promise<Shown> {
    const get = async <T>(path: string): Promise<T> => {
      for (let attempt = 0; ; attempt++) {
        const response = await h.call<T>('GET', `${path}${path.includes('?') ? '&' : '?'}minCheckpoint=${checkpoint}&limit=1000`);
        if (response.status === 200 || attempt === 5) return response.body;
      }
    };
    const nodes = await get<{ items: { name: string; unschedulable: boolean; condition: string }[] }>('/v1/nodes');
    const deployments = await get<{ items: { name: string; desiredReplicas: number; revision: number; boundPods: number }[] }>('/v1/deployments');
    const pods = await get<{ items: { name: string; phase: string; node: string | null; devices: { index: number }[] }[] }>('/v1/pods');
    return {
      nodes: nodes.items.map((n) => [n.name, n.unschedulable, n.condition]),
      deployments: deployments.items.map((d) => [d.name, d.desiredReplicas, d.revision, d.boundPods]),
      pods: pods.items.map((p) => [p.name, p.phase, p.node, p.devices.map((d) => d.index)] as [string, string, string | null, number[]]).sort((a, b) => a[0].localeCompare(b[0])),
    };
  }

  const asShown = (picture: ClusterPicture): Shown => ({
    nodes: picture.nodes.map((n) => [n.name, n.cordoned, n.condition]),
    deployments: picture.deployments.map((d) => [d.name, d.replicas, d.revision, d.boundPods]),
    pods: picture.pods.map((p) => [p.name, p.phase, p.node, [...p.devices]]),
  });

  async function mark(name: string, checkpoint: string): Promise<void> {
    const shown = await shownAt(checkpoint);
    moments.push({ name, time: new Date().toISOString(), checkpoint, shown });
    await new Promise((resolve) => setTimeout(resolve, 5));
  }

  beforeAll(async () => {
    h = await startApiHarness();
    await h.call('POST', '/v1/models', examples.mistral7b);
    for (const name of ['node-a', 'node-b']) await h.call('POST', '/v1/nodes', examples.node(name));
    const created = await h.call<{ checkpoint: string }>('POST', '/v1/deployments', { ...examples.deployment('chat', 'mistral-7b', 2), scheduling: { tolerations: TOLERATE_GPU } });
    expect(created.status).toBe(201);
    await mark('bound', await schedulerPass(h.api.infrastructure.store, created.body.checkpoint));
    const scaled = await h.call<{ checkpoint: string }>('POST', '/v1/deployments/chat/scale', { replicas: 3 });
    expect(scaled.status).toBe(200);
    await mark('scaled', scaled.body.checkpoint);
    drainedNode = moments[0]!.shown.pods[0]![2]!;
    const drained = await h.call<{ checkpoint: string }>('POST', `/v1/nodes/${drainedNode}/drain`, {});
    expect(drained.status).toBe(200);
    // The scheduler evicts the drained node's pods on their deployments (and places what it can elsewhere).
    await mark('drained', await schedulerPass(h.api.infrastructure.store, drained.body.checkpoint));
  });
  afterAll(() => h.close());

  it('answers what the API showed at each moment, by time, by checkpoint and by position', async () => {
    expect(moments[0]!.shown.pods.map((p) => p[1])).toEqual(['Bound', 'Bound']);
    expect(moments[2]!.shown.pods.filter((p) => p[2] === drainedNode)).toEqual([]);
    const head = moments[2]!.checkpoint;
    for (const moment of moments) {
      for (const asOf of [moment.time, moment.checkpoint, moment.checkpoint.split(':')[1]!]) {
        const response = await h.call<ClusterPicture>('GET', `/v1/cluster?asOf=${encodeURIComponent(asOf)}&minCheckpoint=${head}`);
        expect(response.status).toBe(200);
        expect({ moment: moment.name, asOf, shown: asShown(response.body) }).toEqual({ moment: moment.name, asOf, shown: moment.shown });
      }
    }
    const picture = (await h.call<ClusterPicture>('GET', `/v1/cluster?asOf=${moments[0]!.checkpoint}`)).body;
    const held = picture.nodes.flatMap((n) => n.gpus.flatMap((g) => g.pods.map((p) => `${n.name}/${g.index}/${p.pod}`)));
    expect(held).toHaveLength(2);
  });

  it('keeps the read-model capacity answer when asOf is absent', async () => {
    const response = await h.call<Record<string, unknown>>('GET', '/v1/cluster');
    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual(['items', 'total']);
  });

  it('diffs two moments: the scale, then the drain', async () => {
    const [bound, scaled, drained] = moments;
    const first = await h.call<ClusterDiff>('GET', `/v1/diff?from=${encodeURIComponent(bound!.time)}&to=${encodeURIComponent(scaled!.time)}`);
    expect(first.status).toBe(200);
    expect(first.body.changes.map((c) => c.text)).toEqual(['deployment chat scaled 2 → 3 replicas', 'pod chat/chat-2 created (replica 2, stage 0, revision 1)']);
    const second = await h.call<ClusterDiff>('GET', `/v1/diff?from=${scaled!.checkpoint}&to=${drained!.checkpoint}`);
    expect(second.body.changes[0]).toMatchObject({ kind: 'node', change: 'changed', fields: [{ field: 'cordoned', before: false, after: true }] });
    const wereOnDrained = scaled!.shown.pods.filter((p) => p[2] === drainedNode).map((p) => p[0]);
    expect(wereOnDrained.length).toBeGreaterThan(0);
    const podChanges = second.body.changes.filter((c) => c.kind === 'pod' && wereOnDrained.includes(c.name));
    expect(podChanges.map((c) => c.name).sort()).toEqual(wereOnDrained);
    for (const change of podChanges) expect(['evicted', 'moved']).toContain(change.change);
    expect(second.body.from.checkpoint).toBe(scaled!.checkpoint);
  });

  it('answers 400 naming the parameter on bad input', async () => {
    const cases: [string, string][] = [
      ['/v1/cluster?asOf=yesterday', 'asOf'],
      ['/v1/cluster?asOf=', 'asOf'],
      ['/v1/cluster?asOf=2025-02-30T00:00:00Z', 'asOf'],
      ['/v1/diff?to=1', 'from'],
      ['/v1/diff?from=1&to=soon', 'to'],
      ['/v1/diff?from=1&to=2&minCheckpoint=x', 'minCheckpoint'],
    ];
    for (const [path, parameter] of cases) {
      const response = await h.call<Problem>('GET', path);
      expect({ path, status: response.status, code: response.body.error.code, detail: response.body.error.details[0]?.path }).toEqual({ path, status: 400, code: 'Validation', detail: parameter });
      expect(response.body.error.message.startsWith(`${parameter}:`)).toBe(true);
    }
  });
});
