import { type Affinity, ClusterState, type PlacedPod, type PodAffinityTerm } from '@keel/scheduler-framework';
import { filterOn, node, placed, pod, scoresOn } from '../shared/testing';
import { InterPodAffinityPlugin } from './plugin';

const zoneA = { 'topology.kubernetes.io/zone': 'a' };
const zoneB = { 'topology.kubernetes.io/zone': 'b' };
const nodes = [node('a1', { labels: zoneA }), node('a2', { labels: zoneA }), node('b1', { labels: zoneB }), node('nozone')];
const web = (ns = 'default'): Partial<PlacedPod> => ({ labels: { app: 'web' }, namespace: ns });
const term = (topologyKey: string, extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm => ({
  labelSelector: { matchLabels: { app: 'web' } },
  topologyKey,
  ...extra,
});
const affinity = (t: PodAffinityTerm): Affinity => ({ podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [t] } });
const anti = (t: PodAffinityTerm): Affinity => ({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [t] } });
const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';

describe('InterPodAffinity filter', () => {
  const plugin = new InterPodAffinityPlugin();

  it.each<[string, PlacedPod[], Affinity, Record<string, string>, string, string]>([
    ['required affinity accepts a node in the zone of a matching pod', [placed('w', 'a1', web())], affinity(term(ZONE)), {}, 'a2', 'Success'],
    ['required affinity rejects a zone without a matching pod', [placed('w', 'a1', web())], affinity(term(ZONE)), {}, 'b1', "node(s) didn't match pod affinity rules"],
    ['required affinity rejects a node lacking the topology key', [placed('w', 'a1', web())], affinity(term(ZONE)), {}, 'nozone', "node(s) didn't match pod affinity rules"],
    ['the first pod of a self-affine group may go anywhere with the key', [], affinity(term(ZONE)), { app: 'web' }, 'b1', 'Success'],
    ['a non-self-matching pod with unmet affinity stays pending', [], affinity(term(ZONE)), {}, 'b1', "node(s) didn't match pod affinity rules"],
    ['affinity only sees pods in the listed namespaces', [placed('w', 'a1', web('other'))], affinity(term(ZONE)), {}, 'a2', "node(s) didn't match pod affinity rules"],
    ['listing the namespace makes the pod visible', [placed('w', 'a1', web('other'))], affinity(term(ZONE, { namespaces: ['other'] })), {}, 'a2', 'Success'],
    ['required anti-affinity by hostname rejects the node of a matching pod', [placed('w', 'a1', web())], anti(term(HOST)), {}, 'a1', "node(s) didn't match pod anti-affinity rules"],
    ['required anti-affinity by hostname accepts another node in the same zone', [placed('w', 'a1', web())], anti(term(HOST)), {}, 'a2', 'Success'],
    ['required anti-affinity by zone rejects every node in that zone', [placed('w', 'a1', web())], anti(term(ZONE)), {}, 'a2', "node(s) didn't match pod anti-affinity rules"],
    ['anti-affinity ignores nodes without the topology key', [placed('w', 'a1', web())], anti(term(ZONE)), {}, 'nozone', 'Success'],
    ['an existing pod anti-affine to us blocks its zone (symmetry)', [placed('x', 'a1', { labels: { app: 'db' }, affinity: anti(term(ZONE)) })], {}, { app: 'web' }, 'a2', "node(s) didn't satisfy existing pods anti-affinity rules"],
    ['an existing anti-affine pod does not block pods it does not select', [placed('x', 'a1', { labels: { app: 'db' }, affinity: anti(term(ZONE)) })], {}, { app: 'cache' }, 'a2', 'Success'],
  ])('%s', (_name, existing, aff, labels, nodeName, expected) => {
    const cluster = new ClusterState(nodes, existing);
    const status = filterOn(plugin, pod('p', { labels, affinity: aff }), cluster, nodeName);
    expect(status.code === 'Success' ? 'Success' : status.reasons.join()).toBe(expected);
  });

  it('counts pods matching all required affinity terms together, as kube does', () => {
    const cluster = new ClusterState(nodes, [placed('w', 'a1', { labels: { app: 'web' } }), placed('t', 'b1', { labels: { tier: 'x' } })]);
    const both: Affinity = {
      podAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [term(ZONE), { labelSelector: { matchLabels: { tier: 'x' } }, topologyKey: ZONE }],
      },
    };
    expect(filterOn(plugin, pod('p', { affinity: both }), cluster, 'a2').code).toBe('UnschedulableAndUnresolvable');
  });
});

describe('InterPodAffinity score', () => {
  const plugin = new InterPodAffinityPlugin();
  const cluster = new ClusterState(nodes, [placed('w1', 'a1', web()), placed('w2', 'a2', web())]);

  it('prefers zones with more pods it has preferred affinity to', () => {
    const p = pod('p', { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term(ZONE) }] } } });
    expect(scoresOn(plugin, p, cluster, ['a1', 'b1'])).toEqual({ a1: 100, b1: 0 });
  });

  it('avoids zones with pods it has preferred anti-affinity to', () => {
    const p = pod('p', { affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term(ZONE) }] } } });
    expect(scoresOn(plugin, p, cluster, ['a1', 'b1'])).toEqual({ a1: 0, b1: 100 });
  });

  it("honours placed pods' preferred anti-affinity towards the newcomer", () => {
    const shy = new ClusterState(nodes, [
      placed('s', 'a1', { labels: { app: 'db' }, affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: term(HOST) }] } } }),
    ]);
    expect(scoresOn(plugin, pod('p', { labels: { app: 'web' } }), shy, ['a1', 'a2'])).toEqual({ a1: 0, a2: 100 });
  });
});
