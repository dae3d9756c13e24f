import { ClusterState, CycleState, type PodSpec } from '@keel/scheduler-framework';
import { gpus, node, placed, pod, scoresOn } from '../shared/testing';
import { type TypicalPod } from './args';
import { nodeFragmentation } from './fragmentation';
import { FgdPlugin } from './plugin';
import { compileShapes } from './shape-groups';

const halfAndWhole: TypicalPod[] = [
  { cpuMilli: 0, gpuCount: 1, gpuMilli: 500, weight: 1 },
  { cpuMilli: 0, gpuCount: 1, gpuMilli: 1000, weight: 1 },
];

describe('nodeFragmentation (expected fragment over typical shapes)', () => {
  it.each<[string, TypicalPod[], number, number[], number]>([
    ['an idle node is not fragmented for shapes that fit', halfAndWhole, 8000, [1000, 1000], 0],
    ['a 300-milli leftover is fragment for both shapes', halfAndWhole, 8000, [300, 1000], 300],
    ['a 600-milli leftover is fragment only for whole-GPU shapes (weight ½)', halfAndWhole, 8000, [600, 1000], 300],
    ['everything free is fragment when no shape fits the free CPU', [{ cpuMilli: 9000, gpuCount: 1, gpuMilli: 500, weight: 1 }], 8000, [600, 1000], 1600],
    ['a shape needing more GPUs than have room makes all free GPU fragment', [{ cpuMilli: 0, gpuCount: 2, gpuMilli: 1000, weight: 1 }], 8000, [600, 1000], 1600],
    ['CPU-only shapes see all free GPU as fragment', [{ cpuMilli: 1000, gpuCount: 0, gpuMilli: 0, weight: 1 }], 8000, [1000], 1000],
    ['a fully allocated node has no fragment', halfAndWhole, 8000, [0, 0], 0],
  ])('%s', (_name, shapes, cpuLeft, free, expected) => {
    expect(nodeFragmentation(compileShapes(shapes), cpuLeft, Float64Array.from(free), free.length, free.map(() => 'A100'))).toBeCloseTo(expected);
  });

  it('only counts devices of a model the shape accepts', () => {
    const shapes = compileShapes([{ cpuMilli: 0, gpuCount: 1, gpuMilli: 1000, models: ['H100'], weight: 1 }]);
    expect(nodeFragmentation(shapes, 0, Float64Array.from([1000, 1000]), 2, ['A100', 'H100'])).toBe(1000);
  });
});

describe('FGD score and device choice', () => {
  const cluster = new ClusterState(
    [node('idle', { gpus: gpus(2) }), node('half', { gpus: gpus(2) })],
    [placed('h', 'half', { gpu: { count: 1, milli: 500 } }, [1])],
  );
  const plugin = new FgdPlugin({ typicalPods: halfAndWhole });

  it.each<[string, PodSpec, string]>([
    ['a half-GPU pod fills the half-used device instead of breaking an idle one', pod('p', { gpu: { count: 1, milli: 500 } }), 'half'],
  ])('%s', (_name, p, best) => {
    const scores = scoresOn(plugin, p, cluster, ['idle', 'half']);
    expect(Object.entries(scores).sort((a, b) => b[1] - a[1])[0]?.[0]).toBe(best);
  });

  it('keeps a CPU-only pod off a node where it would strand the GPUs for lack of CPU', () => {
    const cpuShapes = new FgdPlugin({ typicalPods: [{ cpuMilli: 4000, gpuCount: 1, gpuMilli: 1000, weight: 1 }] });
    const c = new ClusterState([node('tight', { cpuMilli: 5000, gpus: gpus(2) }), node('roomy', { cpuMilli: 32000, gpus: gpus(2) })]);
    const scores = scoresOn(cpuShapes, pod('p', { cpuMilli: 2000 }), c, ['tight', 'roomy']);
    expect(scores['roomy']).toBeGreaterThan(scores['tight'] ?? 100);
  });

  it('gives a fractional pod the device that minimises fragmentation', () => {
    const half = cluster.node('half');
    if (half === undefined) throw new Error('missing node');
    expect(plugin.selectDevices(new CycleState(), pod('p', { gpu: { count: 1, milli: 500 } }), half)).toEqual([1]);
  });

  it('re-evaluates a node after it changes (memoised by node generation)', () => {
    const c = new ClusterState([node('n', { gpus: gpus(1) })]);
    const p = pod('p', { gpu: { count: 1, milli: 500 } });
    const before = scoresOn(plugin, p, c, ['n'])['n'];
    c.bind(pod('q', { gpu: { count: 1, milli: 300 } }), 'n', [0]);
    expect(scoresOn(plugin, p, c, ['n'])['n']).not.toBe(before);
  });
});
