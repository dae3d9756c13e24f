import { ClusterState } from '../cluster/cluster-state';
import { type NodeSpec } from '../model/node';
import { type PodSpec } from '../model/pod';
import { seededRng } from '../rng';
import { fakeProfile } from '../testing/fake-plugins';
import { scheduleOne } from './schedule-one';

const gpuNode = (name: string, score: number, labels: Record<string, string> = {}): NodeSpec => ({
  name,
  labels: { score: String(score), ...labels },
  cpuMilli: 8000,
  memoryMiB: 32768,
  gpus: [{ model: 'A100', memoryMiB: 81920 }, { model: 'A100', memoryMiB: 81920 }],
});
const gpuPod = (name: string, count: number, priority = 0): PodSpec => ({ name, namespace: 'default', labels: {}, priority, cpuMilli: 0, memoryMiB: 0, gpu: { count } });

describe('scheduleOne', () => {
  it('places the pod on the best-scoring feasible node with its devices and a score breakdown', () => {
    const snapshot = new ClusterState([gpuNode('a', 10), gpuNode('b', 30), gpuNode('c', 20)]);
    const result = scheduleOne(gpuPod('p', 2), snapshot, fakeProfile());
    expect(result).toMatchObject({ kind: 'Scheduled', node: 'b', gpus: [0, 1], feasibleNodes: 3 });
    if (result.kind !== 'Scheduled') throw new Error('expected a placement');
    expect(result.candidates.map((c) => [c.node, c.total, c.plugins['LabelScore']])).toEqual([['b', 60, 60], ['c', 40, 40], ['a', 20, 20]]);
  });

  it('reports per-reason node counts and the Kubernetes message when nothing fits', () => {
    const snapshot = new ClusterState([gpuNode('a', 1), gpuNode('b', 1, { role: 'blocked' }), gpuNode('c', 1)]);
    const result = scheduleOne(gpuPod('p', 3), snapshot, fakeProfile({ preemption: false }));
    expect(result).toEqual({
      kind: 'Unschedulable',
      message: "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 Insufficient nvidia.com/gpu.",
      reasons: { 'Insufficient nvidia.com/gpu': 2, "node(s) didn't match Pod's node affinity/selector": 1 },
    });
  });

  it.each<[string, 'first' | 'random', number]>([
    ['first tie-break always keeps the first best node in scan order', 'first', 1],
    ['random tie-break spreads equal nodes, replayably from the seed', 'random', 3],
  ])('%s', (_name, tieBreak, distinctWinners) => {
    const snapshot = new ClusterState([gpuNode('a', 5), gpuNode('b', 5), gpuNode('c', 5), gpuNode('d', 5)]);
    const rng = seededRng(3);
    const winners = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const r = scheduleOne(gpuPod(`p${i}`, 1), snapshot, fakeProfile({ tieBreak }), { rng });
      if (r.kind === 'Scheduled') winners.add(r.node);
    }
    expect(winners.size >= distinctWinners).toBe(true);
    if (tieBreak === 'first') expect([...winners]).toEqual(['a']);
  });

  it('never mutates the snapshot it reads', () => {
    const snapshot = new ClusterState([gpuNode('a', 1)]);
    scheduleOne(gpuPod('p', 1), snapshot, fakeProfile());
    expect(snapshot.nodes[0]?.gpuUsedMilli).toEqual([0, 0]);
    expect([...snapshot.pods()]).toEqual([]);
  });

  it('rotates the scan start like kube-scheduler when only a share of nodes is scored', () => {
    const nodes = Array.from({ length: 200 }, (_, i) => gpuNode(`n${i}`, 1));
    const first = scheduleOne(gpuPod('p', 1), new ClusterState(nodes), fakeProfile({ percentageOfNodesToScore: 0 }));
    expect(first).toMatchObject({ kind: 'Scheduled', feasibleNodes: 100, nextStartNodeIndex: 100 });
  });
});
