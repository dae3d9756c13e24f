import fc from 'fast-check';
import { type NodeSpec } from '../model/node';
import { type PodSpec, podKey } from '../model/pod';
import { ClusterState } from './cluster-state';

const nodes: NodeSpec[] = ['a', 'b', 'c', 'd'].map((name, i) => ({
  name,
  labels: { zone: `z${i % 2}`, 'kubernetes.io/hostname': name },
  cpuMilli: 64000,
  memoryMiB: 262144,
  gpus: [{ model: 'A100', memoryMiB: 81920 }, { model: 'A100', memoryMiB: 81920 }],
}));
const apps = ['web', 'db', 'cache'];

describe('ClusterState', () => {
  it('accounts CPU, memory and device shares on bind and returns them on remove', () => {
    const state = new ClusterState(nodes);
    const pod: PodSpec = { name: 'p', namespace: 'ns', labels: {}, priority: 0, cpuMilli: 1500, memoryMiB: 4096, gpu: { count: 1, milli: 300, memoryMiB: 10000 } };
    state.bind(pod, 'a', [1]);
    const a = state.node('a');
    expect([a?.usedCpuMilli, a?.usedMemoryMiB, a?.gpuUsedMilli, a?.gpuUsedMemoryMiB, a?.idleGpus]).toEqual([1500, 4096, [0, 300], [0, 10000], 1]);
    state.remove(podKey(pod));
    expect([a?.usedCpuMilli, a?.gpuUsedMilli, a?.idleGpus, a?.freeGpuMilli]).toEqual([0, [0, 0], 2, 2000]);
  });

  it('forks copy-on-write: changes on either side never leak to the other', () => {
    const parent = new ClusterState(nodes);
    const pod = (name: string): PodSpec => ({ name, namespace: 'ns', labels: { app: 'web' }, priority: 0, cpuMilli: 100, memoryMiB: 0, gpu: { count: 1 } });
    parent.bind(pod('a'), 'a', [0]);
    const fork = parent.fork();
    fork.bind(pod('b'), 'a', [1]);
    fork.remove('ns/a');
    parent.bind(pod('c'), 'b', [0]);
    expect([parent.node('a')?.gpuUsedMilli, [...parent.pods()].map((p) => p.name)]).toEqual([[1000, 0], ['a', 'c']]);
    expect([fork.node('a')?.gpuUsedMilli, fork.node('b')?.gpuUsedMilli, [...fork.pods()].map((p) => p.name)]).toEqual([[0, 1000], [0, 0], ['b']]);
    expect(fork.podsOn(0).map((p) => p.name)).toEqual(['b']);
    expect(parent.podsOn(0).map((p) => p.name)).toEqual(['a']);
  });

  it('keeps incremental per-domain counts equal to a recount after any sequence of binds and removes', () => {
    const op = fc.record({ bind: fc.boolean(), pod: fc.integer({ min: 0, max: 7 }), node: fc.integer({ min: 0, max: 3 }), app: fc.constantFrom(...apps) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const state = new ClusterState(nodes);
        const query = { selector: { matchLabels: { app: 'web' } }, namespaces: ['ns'] };
        const live = state.domainCounts(query, 'zone');
        for (const o of ops) {
          const key = `ns/p${o.pod}`;
          if (o.bind && state.pod(key) === undefined) {
            state.bind({ name: `p${o.pod}`, namespace: 'ns', labels: { app: o.app }, priority: 0, cpuMilli: 0, memoryMiB: 0 }, nodes[o.node]?.name ?? 'a', []);
          } else state.remove(key);
        }
        const recount = new Map<string, number>();
        for (const p of state.pods()) {
          if (p.labels['app'] !== 'web') continue;
          const zone = state.node(p.nodeName)?.labels['zone'] ?? '';
          recount.set(zone, (recount.get(zone) ?? 0) + 1);
        }
        expect(new Map(live.counts)).toEqual(recount);
        expect(state.fork().domainCounts(query, 'zone').counts).toEqual(live.counts);
      }),
    );
  });
});
