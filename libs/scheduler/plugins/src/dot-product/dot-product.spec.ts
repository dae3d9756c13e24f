import { ClusterState } from '@keel/scheduler-framework';
import { gpus, node, placed, pod, scoresOn } from '../shared/testing';
import { DotProductPlugin } from './plugin';

describe('DotProduct score', () => {
  const cluster = new ClusterState(
    [node('free', { gpus: gpus(8) }), node('tight', { gpus: gpus(8) })],
    [placed('x', 'tight', { cpuMilli: 6000, memoryMiB: 24000, gpu: { count: 6 } }, [0, 1, 2, 3, 4, 5])],
  );

  it.each<[string, Parameters<typeof pod>[1], string]>([
    ['a GPU pod goes where free resources align least with its request', { cpuMilli: 1000, gpu: { count: 1 } }, 'tight'],
    ['a CPU-only pod also prefers the node with less free CPU', { cpuMilli: 1000 }, 'tight'],
  ])('%s', (_name, spec, best) => {
    const scores = scoresOn(new DotProductPlugin(), pod('p', spec), cluster, ['free', 'tight']);
    expect(Object.entries(scores).sort((a, b) => b[1] - a[1])[0]?.[0]).toBe(best);
  });
});
