import { ClusterState } from '@keel/scheduler-framework';
import { gpus, node, placed, pod, scoresOn } from '../shared/testing';
import { LeastAllocatedPlugin } from './plugin';

describe('LeastAllocated score', () => {
  const cluster = new ClusterState(
    [node('empty', { gpus: gpus(4) }), node('busy', { gpus: gpus(4) })],
    [placed('x', 'busy', { cpuMilli: 4000, memoryMiB: 16384, gpu: { count: 2 } }, [0, 1])],
  );

  it.each<[string, { cpu: number; memory: number; gpu: number }, Record<string, number>]>([
    ['spreads: the emptier node scores higher on every resource', { cpu: 1, memory: 1, gpu: 1 }, { empty: 91.67, busy: 41.67 }],
    ['weights can make it GPU-only', { cpu: 0, memory: 0, gpu: 1 }, { empty: 75, busy: 25 }],
  ])('%s', (_name, resources, expected) => {
    const p = pod('p', { cpuMilli: 0, memoryMiB: 0, gpu: { count: 1 } });
    expect(scoresOn(new LeastAllocatedPlugin(resources), p, cluster, ['empty', 'busy'])).toEqual(expected);
  });
});
