import { ClusterState } from '@keel/scheduler-framework';
import { gpus, node, placed, pod, scoresOn } from '../shared/testing';
import { MostAllocatedPlugin } from './plugin';

describe('MostAllocated score', () => {
  const cluster = new ClusterState(
    [node('empty', { gpus: gpus(4) }), node('busy', { gpus: gpus(4) })],
    [placed('x', 'busy', { cpuMilli: 4000, memoryMiB: 16384, gpu: { count: 2 } }, [0, 1])],
  );

  it.each<[string, { cpu: number; memory: number; gpu: number }, Record<string, number>]>([
    ['bin-packs: the fuller node scores higher', { cpu: 1, memory: 1, gpu: 1 }, { empty: 8.33, busy: 58.33 }],
    ['a GPU-only weighting looks at GPU use after placement', { cpu: 0, memory: 0, gpu: 1 }, { empty: 25, busy: 75 }],
  ])('%s', (_name, resources, expected) => {
    const p = pod('p', { gpu: { count: 1 } });
    expect(scoresOn(new MostAllocatedPlugin(resources), p, cluster, ['empty', 'busy'])).toEqual(expected);
  });
});
