import { ClusterState, type PodSpec } from '@keel/scheduler-framework';
import { gpus, node, placed, pod, scoresOn } from '../shared/testing';
import { GpuPackingPlugin } from './plugin';

describe('GpuPacking score (the FGD paper Packing tiers)', () => {
  const cluster = new ClusterState(
    [node('idle8', { gpus: gpus(8) }), node('idle2', { gpus: gpus(2) }), node('used', { gpus: gpus(4) }), node('shared', { gpus: gpus(2) })],
    [placed('w', 'used', { gpu: { count: 1 } }, [0]), placed('s', 'shared', { gpu: { count: 1, milli: 700 } }, [0])],
  );
  const names = ['idle8', 'idle2', 'used', 'shared'];

  it.each<[string, PodSpec, Record<string, number>]>([
    ['a fraction prefers sharing a used GPU, then free GPUs on used nodes, then small idle nodes', pod('p', { gpu: { count: 1, milli: 200 } }), { idle8: 25, idle2: 31, used: 49, shared: 97 }],
    ['a whole-GPU pod prefers used nodes over idle ones', pod('p', { gpu: { count: 1 } }), { idle8: 25, idle2: 31, used: 49, shared: 49 }],
    ['a CPU-only pod scores 0 everywhere', pod('p', { cpuMilli: 100 }), { idle8: 0, idle2: 0, used: 0, shared: 0 }],
  ])('%s', (_name, p, expected) => {
    expect(scoresOn(new GpuPackingPlugin(), p, cluster, names)).toEqual(expected);
  });
});
