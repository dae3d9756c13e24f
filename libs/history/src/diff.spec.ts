import { type Cut } from './as-of';
import { foldLog } from './cluster-fold';
import { diffClusters } from './diff';
import { clusterPicture } from './picture';
import { a100Node, mistral, TestLog } from './testing/test-log';

const picture = (log: TestLog, checkpoint: string) => clusterPicture(foldLog(log.events, { kind: 'checkpoint', checkpoint } satisfies Cut));

describe('diff between two moments', () => {
  const log = new TestLog();
  log.registerModel(mistral);
  log.registerNode(a100Node('node-a'));
  const start = log.checkpoint;
  log.registerNode(a100Node('node-b', 'zone-b'));
  log.createDeployment('chat', 2);
  log.bind('chat', 'chat-0', 'node-a', [0]);
  log.bind('chat', 'chat-1', 'node-a', [1]);
  const bound = log.checkpoint;
  log.scale('chat', 1);
  log.drain('node-a');
  const drained = log.checkpoint;
  log.bind('chat', 'chat-0', 'node-b', [1]);
  const rebound = log.checkpoint;

  it('reports added nodes, created deployments, created and bound pods with human text', () => {
    const diff = diffClusters(picture(log, start), picture(log, bound));
    expect(diff.changes.map((c) => c.text)).toEqual([
      'node node-b added (zone-b, 2 GPUs)',
      'deployment chat created (mistral-7b, 2 replicas, revision 1)',
      'pod chat/chat-0 created (replica 0, stage 0, revision 1)',
      'pod chat/chat-0 bound to node-a GPU 0',
      'pod chat/chat-1 created (replica 1, stage 0, revision 1)',
      'pod chat/chat-1 bound to node-a GPU 1',
    ]);
    expect(diff.from.checkpoint).toBe(start);
    expect(diff.to.checkpoint).toBe(bound);
  });

  it('reports a scale-down, a drain (cordon + eviction) and removed pods, structured', () => {
    const diff = diffClusters(picture(log, bound), picture(log, drained));
    expect(diff.changes).toEqual([
      { kind: 'node', change: 'changed', name: 'node-a', fields: [{ field: 'cordoned', before: false, after: true }], text: 'node node-a cordoned' },
      { kind: 'deployment', change: 'scaled', name: 'chat', fields: [{ field: 'replicas', before: 2, after: 1 }], text: 'deployment chat scaled 2 → 1 replicas' },
      {
        kind: 'pod', change: 'evicted', name: 'chat-0', deployment: 'chat',
        fields: [{ field: 'phase', before: 'Bound', after: 'Pending' }, { field: 'node', before: 'node-a', after: null }, { field: 'devices', before: '0', after: '' }],
        text: 'pod chat/chat-0 evicted from node-a (Pending)',
      },
      { kind: 'pod', change: 'removed', name: 'chat-1', deployment: 'chat', fields: [], text: 'pod chat/chat-1 removed (was on node-a GPU 1)' },
    ]);
  });

  it('reports a pod that moved between nodes, and nothing between equal moments', () => {
    expect(diffClusters(picture(log, bound), picture(log, rebound)).changes.filter((c) => c.kind === 'pod').map((c) => c.text)).toEqual([
      'pod chat/chat-0 moved from node-a GPU 0 to node-b GPU 1',
      'pod chat/chat-1 removed (was on node-a GPU 1)',
    ]);
    expect(diffClusters(picture(log, drained), picture(log, drained)).changes).toEqual([]);
  });

  it('reports removed nodes and deleted deployments when read backwards', () => {
    const texts = diffClusters(picture(log, bound), picture(log, start)).changes.map((c) => c.text);
    expect(texts).toEqual(expect.arrayContaining(['node node-b removed', 'deployment chat deleted', 'pod chat/chat-0 removed (was on node-a GPU 0)']));
  });
});
