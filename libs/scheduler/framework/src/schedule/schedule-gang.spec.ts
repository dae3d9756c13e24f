import { ClusterState } from '../cluster/cluster-state';
import { type NodeSpec } from '../model/node';
import { type PodSpec } from '../model/pod';
import { fakeProfile } from '../testing/fake-plugins';
import { scheduleGang } from './schedule-gang';

const node = (name: string, score: number): NodeSpec => ({
  name, labels: { score: String(score) }, cpuMilli: 8000, memoryMiB: 32768,
  gpus: [{ model: 'A100', memoryMiB: 81920 }, { model: 'A100', memoryMiB: 81920 }],
});
const stage = (name: string, count: number): PodSpec => ({ name, namespace: 'default', labels: {}, priority: 0, cpuMilli: 0, memoryMiB: 0, gpu: { count }, gang: 'r0' });

describe('scheduleGang', () => {
  it('places every member, each seeing the earlier ones, in name order', () => {
    const snapshot = new ClusterState([node('a', 2), node('b', 1)]);
    const result = scheduleGang([stage('r0-pp1', 2), stage('r0-pp0', 2)], snapshot, fakeProfile());
    expect(result.kind === 'Scheduled' && result.placements.map((p) => [p.pod, p.node, p.gpus])).toEqual([
      ['r0-pp0', 'a', [0, 1]],
      ['r0-pp1', 'b', [0, 1]],
    ]);
  });

  it('reserves nothing when one member does not fit, naming the member', () => {
    const snapshot = new ClusterState([node('a', 2), node('b', 1)]);
    const result = scheduleGang([stage('r0-pp0', 2), stage('r0-pp1', 2), stage('r0-pp2', 2)], snapshot, fakeProfile());
    expect(result).toMatchObject({ kind: 'Unschedulable', pod: 'r0-pp2', message: '0/2 nodes are available: 2 Insufficient nvidia.com/gpu.' });
    expect(snapshot.nodes.map((n) => n.gpuUsedMilli)).toEqual([[0, 0], [0, 0]]);
    expect([...snapshot.pods()]).toHaveLength(0);
  });
});
