import { simulate } from './simulate';

const gpuNode = (name: string, count: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name, cpuMilli: 32000, memoryMiB: 131072, gpus: [{ model: 'A100', count, memoryMiB: 81920 }], ...extra,
});
const gpuPod = (name: string, count: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name, cpuMilli: 1000, memoryMiB: 1024, gpu: { count }, ...extra,
});

describe('simulate (keel simulate --input cluster.json --json)', () => {
  it('places pending pods in input order and reports the devices', () => {
    const out = simulate({ nodes: [gpuNode('n1', 2), gpuNode('n2', 4)], pods: [gpuPod('a', 2), gpuPod('b', 4)] });
    expect(out).toEqual({
      placements: [{ pod: 'a', node: 'n1', gpus: [0, 1] }, { pod: 'b', node: 'n2', gpus: [0, 1, 2, 3] }],
      unschedulable: [],
      preemptions: [],
    });
  });

  it('explains a pending pod in the Kubernetes form with per-reason node counts', () => {
    const taint = { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' };
    const out = simulate({
      nodes: [gpuNode('n1', 1), gpuNode('n2', 1), gpuNode('n3', 1), gpuNode('t1', 8, { taints: [taint] }), gpuNode('t2', 8, { taints: [taint] })],
      pods: [gpuPod('big', 4)],
    });
    expect(out.unschedulable).toEqual([
      {
        pod: 'big',
        message: '0/5 nodes are available: 2 node(s) had untolerated taint {nvidia.com/gpu: present}, 3 Insufficient nvidia.com/gpu.',
        reasons: { 'Insufficient nvidia.com/gpu': 3, 'node(s) had untolerated taint {nvidia.com/gpu: present}': 2 },
      },
    ]);
  });

  it('lets a higher-priority pod preempt a running lower-priority one', () => {
    const out = simulate({ nodes: [gpuNode('n1', 2)], pods: [gpuPod('batch', 2, { priority: 1, nodeName: 'n1' }), gpuPod('serve', 2, { priority: 100 })] });
    expect(out.preemptions).toEqual([{ victim: 'batch', by: 'serve', node: 'n1' }]);
    expect(out.placements).toEqual([{ pod: 'serve', node: 'n1', gpus: [0, 1] }]);
  });

  it('places a gang all or nothing', () => {
    const stages = (gang: string): Record<string, unknown>[] => [gpuPod(`${gang}-0`, 2, { gang }), gpuPod(`${gang}-1`, 2, { gang })];
    const out = simulate({ nodes: [gpuNode('n1', 2), gpuNode('n2', 2), gpuNode('n3', 1)], pods: [...stages('r0'), ...stages('r1')] });
    expect(out.placements.map((p) => p.pod)).toEqual(['r0-0', 'r0-1']);
    expect(out.unschedulable.map((u) => u.pod)).toEqual(['r1-0', 'r1-1']);
    expect(out.unschedulable[0]?.message).toContain('gang r1: pod r1-0 does not fit');
  });

  it('shares a GPU between fractional pods', () => {
    const out = simulate({ nodes: [gpuNode('n1', 1)], pods: [gpuPod('a', 1, { gpu: { count: 1, milli: 500 } }), gpuPod('b', 1, { gpu: { count: 1, milli: 500 } })] });
    expect(out.placements).toEqual([{ pod: 'a', node: 'n1', gpus: [0] }, { pod: 'b', node: 'n1', gpus: [0] }]);
  });

  it.each<[string, unknown, string]>([
    ['a negative quantity names the field', { nodes: [{ name: 'n', cpuMilli: -1, memoryMiB: 1 }] }, 'nodes[0].cpuMilli'],
    ['a milli above 1000 names the field', { nodes: [], pods: [{ name: 'p', gpu: { count: 1, milli: 1500 } }] }, 'pods[0].gpu.milli'],
    ['an unknown operator names the field', { nodes: [], pods: [{ name: 'p', affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'k', operator: 'Near' }] }] } } } }] }, 'pods[0].affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator'],
    ['a nodeName that is not a node names the field', { nodes: [], pods: [{ name: 'p', nodeName: 'ghost' }] }, 'pods[0].nodeName'],
    ['a duplicate node names the field', { nodes: [gpuNode('n', 1), gpuNode('n', 1)] }, 'nodes[1].name'],
    ['an unknown field is rejected by name', { nodes: [], pods: [{ name: 'p', gpus: 1 }] }, 'pods[0]'],
    ['a missing nodes list is reported', { pods: [] }, 'nodes'],
  ])('%s', (_name, input, field) => {
    expect(() => simulate(input)).toThrow(expect.objectContaining({ code: 'Validation', message: expect.stringContaining(field) }));
  });
});
