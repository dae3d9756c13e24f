import { ClusterState } from '../cluster/cluster-state';
import { type NodeSpec } from '../model/node';
import { type PlacedPod, type PodSpec } from '../model/pod';
import { fakeProfile } from '../testing/fake-plugins';
import { scheduleOne } from './schedule-one';

const node = (name: string, labels: Record<string, string> = {}): NodeSpec => ({
  name,
  labels,
  cpuMilli: 8000,
  memoryMiB: 32768,
  gpus: [{ model: 'A100', memoryMiB: 81920 }, { model: 'A100', memoryMiB: 81920 }],
});
const pod = (name: string, priority: number, count: number, extra: Partial<PodSpec> = {}): PodSpec => ({
  name, namespace: 'default', labels: {}, priority, cpuMilli: 0, memoryMiB: 0, gpu: { count }, ...extra,
});
const on = (p: PodSpec, nodeName: string, gpus: number[]): PlacedPod => ({ ...p, nodeName, gpus });

function plan(nodes: NodeSpec[], placed: PlacedPod[], incoming: PodSpec): unknown {
  const result = scheduleOne(incoming, new ClusterState(nodes, placed), fakeProfile());
  return result.kind === 'Unschedulable' ? (result.preemption ?? 'none') : result.kind;
}

describe('preemption', () => {
  it.each<[string, NodeSpec[], PlacedPod[], PodSpec, unknown]>([
    ['evicts strictly lower-priority pods to make room', [node('a')], [on(pod('low', 1, 2), 'a', [0, 1])], pod('hi', 10, 2), { node: 'a', victims: ['default/low'] }],
    ['never evicts equal priority', [node('a')], [on(pod('peer', 10, 2), 'a', [0, 1])], pod('hi', 10, 2), 'none'],
    ['never evicts higher priority', [node('a')], [on(pod('boss', 20, 2), 'a', [0, 1])], pod('hi', 10, 2), 'none'],
    ['reprieves victims it does not need, most important first', [node('a')], [on(pod('l1', 1, 1), 'a', [0]), on(pod('l5', 5, 1), 'a', [1])], pod('hi', 10, 1), { node: 'a', victims: ['default/l1'] }],
    ['picks the node whose highest victim has the lowest priority', [node('a'), node('b')], [on(pod('a5', 5, 2), 'a', [0, 1]), on(pod('b3', 3, 2), 'b', [0, 1])], pod('hi', 10, 1), { node: 'b', victims: ['default/b3'] }],
    ['then the fewest victims', [node('a'), node('b')], [on(pod('a1', 2, 1), 'a', [0]), on(pod('a2', 2, 1), 'a', [1]), on(pod('b1', 2, 2), 'b', [0, 1])], pod('hi', 10, 2), { node: 'b', victims: ['default/b1'] }],
    ['then the latest start time of the highest-priority victims', [node('a'), node('b')], [on(pod('old', 2, 2, { startTime: 100 }), 'a', [0, 1]), on(pod('new', 2, 2, { startTime: 900 }), 'b', [0, 1])], pod('hi', 10, 2), { node: 'b', victims: ['default/new'] }],
    ['skips nodes that fail unresolvably', [node('a', { role: 'blocked' })], [on(pod('low', 1, 2), 'a', [0, 1])], pod('hi', 10, 2), 'none'],
    [
      'evicts a whole gang, members on other nodes included',
      [node('a'), node('b')],
      [on(pod('g-0', 1, 2, { gang: 'g' }), 'a', [0, 1]), on(pod('g-1', 1, 2, { gang: 'g' }), 'b', [0, 1])],
      pod('hi', 10, 2),
      { node: 'a', victims: ['default/g-0', 'default/g-1'] },
    ],
    [
      'never breaks a gang that has a member it may not evict',
      [node('a'), node('b')],
      [on(pod('g-0', 1, 2, { gang: 'g' }), 'a', [0, 1]), on(pod('g-1', 50, 2, { gang: 'g' }), 'b', [0, 1])],
      pod('hi', 10, 2),
      'none',
    ],
  ])('%s', (_name, nodes, placed, incoming, expected) => {
    expect(plan(nodes, placed, incoming)).toEqual(expected);
  });
});
