import { ClusterState, type PlacedPod, type TopologySpreadConstraint } from '@keel/scheduler-framework';
import { filterOn, node, placed, pod, scoresOn } from '../shared/testing';
import { PodTopologySpreadPlugin } from './plugin';

const ZONE = 'topology.kubernetes.io/zone';
const zone = (z: string, extra: Record<string, string> = {}): Record<string, string> => ({ [ZONE]: z, ...extra });
const web = { labels: { app: 'web' } };
const spread = (extra: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint => ({
  maxSkew: 1,
  topologyKey: ZONE,
  whenUnsatisfiable: 'DoNotSchedule',
  labelSelector: { matchLabels: { app: 'web' } },
  ...extra,
});

const nodes = [
  node('a1', { labels: zone('a', { pool: 'gpu' }) }),
  node('b1', { labels: zone('b', { pool: 'gpu' }) }),
  node('c1', { labels: zone('c', { pool: 'cpu' }), taints: [{ key: 'dedicated', effect: 'NoSchedule' }] }),
  node('nokey'),
];

describe('PodTopologySpread filter', () => {
  const plugin = new PodTopologySpreadPlugin();

  it.each<[string, PlacedPod[], Partial<Parameters<typeof pod>[1]>, string, string]>([
    ['a pod may go to the emptiest zone', [placed('w1', 'a1', web)], { ...web, topologySpreadConstraints: [spread()] }, 'b1', 'Success'],
    ['skew counts the pod itself: a second pod in a zone with one already exceeds maxSkew 1', [placed('w1', 'a1', web)], { ...web, topologySpreadConstraints: [spread()] }, 'a1', "node(s) didn't match pod topology spread constraints"],
    ['a pod that does not match its own selector adds nothing to the skew', [placed('w1', 'a1', web)], { labels: { app: 'other' }, topologySpreadConstraints: [spread()] }, 'a1', 'Success'],
    ['nodes without the topology key are rejected as missing the label', [], { ...web, topologySpreadConstraints: [spread()] }, 'nokey', "node(s) didn't match pod topology spread constraints (missing required label)"],
    ['with fewer eligible domains than minDomains the global minimum is 0', [placed('w1', 'a1', web), placed('w2', 'b1', web)], { ...web, nodeSelector: { pool: 'gpu' }, topologySpreadConstraints: [spread({ minDomains: 3 })] }, 'a1', "node(s) didn't match pod topology spread constraints"],
    ['with enough eligible domains minDomains changes nothing', [placed('w1', 'a1', web), placed('w2', 'b1', web)], { ...web, nodeSelector: { pool: 'gpu' }, topologySpreadConstraints: [spread({ minDomains: 2 })] }, 'a1', 'Success'],
    ['nodeAffinityPolicy Honor (default) ignores zones the pod cannot use', [placed('w1', 'a1', web), placed('w2', 'b1', web)], { ...web, nodeSelector: { pool: 'gpu' }, topologySpreadConstraints: [spread()] }, 'a1', 'Success'],
    ['nodeAffinityPolicy Ignore counts the empty excluded zone as the minimum', [placed('w1', 'a1', web), placed('w2', 'b1', web)], { ...web, nodeSelector: { pool: 'gpu' }, topologySpreadConstraints: [spread({ nodeAffinityPolicy: 'Ignore' })] }, 'a1', "node(s) didn't match pod topology spread constraints"],
    ['nodeTaintsPolicy Ignore (default) counts a tainted empty zone', [placed('w1', 'a1', web), placed('w2', 'b1', web)], { ...web, topologySpreadConstraints: [spread()] }, 'a1', "node(s) didn't match pod topology spread constraints"],
    ['nodeTaintsPolicy Honor drops zones whose nodes the pod does not tolerate', [placed('w1', 'a1', web), placed('w2', 'b1', web)], { ...web, topologySpreadConstraints: [spread({ nodeTaintsPolicy: 'Honor' })] }, 'a1', 'Success'],
    ['ScheduleAnyway never filters', [placed('w1', 'a1', web)], { ...web, topologySpreadConstraints: [spread({ whenUnsatisfiable: 'ScheduleAnyway' })] }, 'a1', 'Success'],
    ['pods in other namespaces are not counted', [placed('w1', 'a1', { ...web, namespace: 'other' })], { ...web, topologySpreadConstraints: [spread()] }, 'a1', 'Success'],
  ])('%s', (_name, existing, spec, nodeName, expected) => {
    const cluster = new ClusterState(nodes, existing);
    const status = filterOn(plugin, pod('p', spec), cluster, nodeName);
    expect(status.code === 'Success' ? 'Success' : status.reasons.join()).toBe(expected);
  });

  it('keeps per-domain counts current as pods are bound and removed', () => {
    const cluster = new ClusterState(nodes, [placed('w1', 'a1', web)]);
    const p = pod('p', { ...web, topologySpreadConstraints: [spread()] });
    expect(filterOn(plugin, p, cluster, 'a1').code).toBe('Unschedulable');
    cluster.bind(pod('w2', web), 'b1', []);
    cluster.bind(pod('w3', web), 'c1', []);
    expect(filterOn(plugin, p, cluster, 'a1').code).toBe('Success');
    cluster.remove('default/w3');
    expect(filterOn(plugin, p, cluster, 'a1').code).toBe('Unschedulable');
  });
});

describe('PodTopologySpread score', () => {
  it('ScheduleAnyway prefers the zone with fewer matching pods', () => {
    const cluster = new ClusterState(nodes, [placed('w1', 'a1', web), placed('w2', 'a1', web)]);
    const p = pod('p', { ...web, topologySpreadConstraints: [spread({ whenUnsatisfiable: 'ScheduleAnyway' })] });
    const scores = scoresOn(new PodTopologySpreadPlugin(), p, cluster, ['a1', 'b1']);
    expect(scores['b1']).toBe(100);
    expect(scores['a1']).toBeLessThan(100);
  });
});
