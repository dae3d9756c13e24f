import { ClusterState } from '@keel/scheduler-framework';
import { gpus, node, placed, pod, scoresOn } from '../shared/testing';
import { BestFitPlugin } from './plugin';

describe('BestFit score', () => {
  const cluster = new ClusterState(
    [node('big', { cpuMilli: 64000, gpus: gpus(8) }), node('small', { cpuMilli: 16000, gpus: gpus(2) }), node('used', { cpuMilli: 64000, gpus: gpus(8) })],
    [placed('x', 'used', { cpuMilli: 48000, gpu: { count: 7 } }, [0, 1, 2, 3, 4, 5, 6])],
  );

  it.each<[string, { cpuWeight: number; gpuWeight: number }, string]>([
    ['the node left with the least CPU and GPU wins', { cpuWeight: 0.5, gpuWeight: 0.5 }, 'used'],
    ['with CPU ignored the node left with the fewest GPUs wins', { cpuWeight: 0, gpuWeight: 1 }, 'used'],
  ])('%s', (_name, args, best) => {
    const scores = scoresOn(new BestFitPlugin(args), pod('p', { cpuMilli: 1000, gpu: { count: 1 } }), cluster, ['big', 'small', 'used']);
    const winner = Object.entries(scores).sort((a, b) => b[1] - a[1])[0]?.[0];
    expect(winner).toBe(best);
    expect(scores['small']).toBeGreaterThan(scores['big'] ?? 0);
  });
});
