import { ClusterState, type Toleration } from '@keel/scheduler-framework';
import { filterOn, node, pod } from '../shared/testing';
import { NodeUnschedulablePlugin } from './plugin';

describe('NodeUnschedulable filter', () => {
  const cluster = new ClusterState([node('cordoned', { unschedulable: true }), node('open')]);
  const plugin = new NodeUnschedulablePlugin();

  it.each<[string, string, Toleration[], boolean]>([
    ['a cordoned node rejects an ordinary pod', 'cordoned', [], false],
    ['a cordoned node accepts a pod tolerating node.kubernetes.io/unschedulable', 'cordoned', [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }], true],
    ['a pod tolerating everything also passes a cordon', 'cordoned', [{ operator: 'Exists' }], true],
    ['an uncordoned node accepts any pod', 'open', [], true],
  ])('%s', (_name, nodeName, tolerations, fits) => {
    const status = filterOn(plugin, pod('p', { tolerations }), cluster, nodeName);
    expect(status.code).toBe(fits ? 'Success' : 'UnschedulableAndUnresolvable');
    if (!fits) expect(status.reasons).toEqual(['node(s) were unschedulable']);
  });
});
