import { type Cut, parseAsOf } from './as-of';
import { foldLog } from './cluster-fold';
import { clusterPicture, type ClusterPicture } from './picture';
import { a100Node, mistral, TestLog } from './testing/test-log';

const at = (log: TestLog, cut: Cut): ClusterPicture => clusterPicture(foldLog(log.events, cut));
const byTime = (time: string): Cut => ({ kind: 'time', time: new Date(time) });

/** A cluster: two nodes, a deployment of 2 bound on node-a, then scaled to 3, then node-a drained. */
function history() {
  const log = new TestLog();
  log.registerModel(mistral);
  log.registerNode(a100Node('node-a', 'zone-a'));
  log.registerNode(a100Node('node-b', 'zone-b'));
  log.createDeployment('chat', 2);
  log.bind('chat', 'chat-0', 'node-a', [0]);
  log.bind('chat', 'chat-1', 'node-a', [1]);
  const bound = { time: log.time, checkpoint: log.checkpoint };
  log.scale('chat', 3);
  const scaled = { time: log.time, checkpoint: log.checkpoint };
  log.drain('node-a');
  return { log, bound, scaled };
}

describe('as-of fold through the deciders', () => {
  it('shows nothing before the first event and everything at the head', () => {
    const { log } = history();
    const empty = at(log, byTime('2024-12-31T00:00:00Z'));
    expect(empty).toEqual({ asOf: { position: 0, checkpoint: '0:0', time: null, events: 0 }, nodes: [], deployments: [], pods: [] });
    const head = at(log, { kind: 'checkpoint', checkpoint: log.checkpoint });
    expect(head.asOf.events).toBe(log.events.length);
    expect(head.nodes.map((n) => [n.name, n.zone, n.cordoned, n.condition])).toEqual([['node-a', 'zone-a', true, 'Ready'], ['node-b', 'zone-b', false, 'Ready']]);
    expect(head.pods.every((p) => p.phase === 'Pending' && p.node === null)).toBe(true);
  });

  it('rebuilds GPU allocation, deployments and pods as they were after the binds', () => {
    const { log, bound } = history();
    const picture = at(log, byTime(bound.time));
    expect(picture.asOf.checkpoint).toBe(bound.checkpoint);
    expect(picture.asOf.time).toBe(bound.time);
    const nodeA = picture.nodes.find((n) => n.name === 'node-a')!;
    expect(nodeA.gpus.map((g) => [g.index, g.allocatedMilli, g.pods.map((p) => p.pod)])).toEqual([[0, 1000, ['chat-0']], [1, 1000, ['chat-1']]]);
    expect(nodeA.pods).toEqual(['chat-0', 'chat-1']);
    expect(picture.deployments).toEqual([{ name: 'chat', model: 'mistral-7b', revision: 1, replicas: 2, pods: 2, boundPods: 2, pendingPods: 0 }]);
    expect(picture.pods.map((p) => [p.name, p.phase, p.node, p.devices])).toEqual([['chat-0', 'Bound', 'node-a', [0]], ['chat-1', 'Bound', 'node-a', [1]]]);
  });

  it('cuts by checkpoint and by time identically, and a checkpoint cut stops inside no transaction', () => {
    const { log, scaled } = history();
    expect(at(log, byTime(scaled.time))).toEqual(at(log, { kind: 'checkpoint', checkpoint: scaled.checkpoint }));
    const picture = at(log, byTime(scaled.time));
    expect(picture.deployments[0]).toMatchObject({ replicas: 3, pods: 3, boundPods: 2, pendingPods: 1 });
  });

  it('uses recordedAt when an event has no metadata.time', () => {
    const { log, bound } = history();
    const untimed = log.events.map(({ metadata: { time: _t, ...rest }, ...event }) => ({ ...event, metadata: rest }));
    const cut = byTime(new Date(Date.parse(bound.time) + 5).toISOString());
    expect(at({ events: untimed } as TestLog, cut).pods.map((p) => p.phase)).toEqual(['Bound', 'Bound']);
  });

  it('parses times, positions and checkpoints, and names the parameter on bad input', () => {
    expect(parseAsOf('2025-01-01T00:05:00Z', '--as-of')).toEqual({ kind: 'time', time: new Date('2025-01-01T00:05:00Z') });
    expect(parseAsOf('2025-01-01', 'asOf')).toEqual({ kind: 'time', time: new Date('2025-01-01T00:00:00Z') });
    expect(parseAsOf(' 42 ', 'asOf')).toEqual({ kind: 'position', position: 42 });
    expect(parseAsOf('812:42', 'asOf')).toEqual({ kind: 'checkpoint', checkpoint: '812:42' });
    expect(() => parseAsOf('yesterday', '--as-of')).toThrow(/^--as-of: "yesterday" must be an ISO 8601 time/);
    expect(() => parseAsOf('2025-02-30T00:00:00Z', 'from')).toThrow(/is not a valid date/);
    expect(() => parseAsOf('2025-13-45', 'from')).toThrow(/^from: "2025-13-45" is not a valid date/);
    expect(() => parseAsOf(undefined, 'to')).toThrow(/^to: is required/);
    expect(() => parseAsOf('-3', 'asOf')).toThrow(/^asOf:/);
    expect(() => parseAsOf('99999999999999999999', 'asOf')).toThrow(/too large/);
  });
});
