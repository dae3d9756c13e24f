import { ClusterState, type Taint, type Toleration } from '@keel/scheduler-framework';
import { filterOn, node, pod, scoresOn } from '../shared/testing';
import { TaintTolerationPlugin } from './plugin';
import { toleratesTaint } from './tolerations';

const gpuTaint: Taint = { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' };

describe('toleratesTaint (core/v1 semantics)', () => {
  it.each<[string, Toleration, Taint, boolean]>([
    ['an Equal toleration with the same key, value and effect tolerates the taint', { key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' }, gpuTaint, true],
    ['an empty operator means Equal and compares values exactly', { key: 'nvidia.com/gpu', value: 'Present', effect: 'NoSchedule' }, gpuTaint, false],
    ['an empty effect matches every effect', { key: 'nvidia.com/gpu', value: 'present' }, { ...gpuTaint, effect: 'NoExecute' }, true],
    ['a different effect does not match', { key: 'nvidia.com/gpu', value: 'present', effect: 'PreferNoSchedule' }, gpuTaint, false],
    ['Exists ignores the value', { key: 'nvidia.com/gpu', operator: 'Exists' }, gpuTaint, true],
    ['an empty key with Exists tolerates every taint', { operator: 'Exists' }, { key: 'dedicated', value: 'x', effect: 'NoExecute' }, true],
    ['an empty key with Exists still honours a given effect', { operator: 'Exists', effect: 'NoSchedule' }, { key: 'dedicated', effect: 'NoExecute' }, false],
    ['a different key does not match even with Exists', { key: 'dedicated', operator: 'Exists' }, gpuTaint, false],
    ['an Equal toleration without value matches a taint without value', { key: 'k', operator: 'Equal', effect: 'NoSchedule' }, { key: 'k', effect: 'NoSchedule' }, true],
  ])('%s', (_name, toleration, taint, expected) => {
    expect(toleratesTaint(toleration, taint)).toBe(expected);
  });
});

describe('TaintToleration filter', () => {
  const cluster = new ClusterState([
    node('tainted', { taints: [gpuTaint] }),
    node('soft', { taints: [{ key: 'spot', value: 'true', effect: 'PreferNoSchedule' }] }),
    node('evicting', { taints: [{ key: 'maintenance', effect: 'NoExecute' }] }),
    node('clean'),
  ]);
  const plugin = new TaintTolerationPlugin();

  it.each<[string, string, Toleration[], string]>([
    ['a NoSchedule taint the pod does not tolerate rejects the node with kube wording', 'tainted', [], 'node(s) had untolerated taint {nvidia.com/gpu: present}'],
    ['a tolerated NoSchedule taint lets the pod in', 'tainted', [{ key: 'nvidia.com/gpu', operator: 'Exists' }], ''],
    ['a PreferNoSchedule taint never filters', 'soft', [], ''],
    ['a NoExecute taint filters like NoSchedule and prints an empty value', 'evicting', [], 'node(s) had untolerated taint {maintenance: }'],
    ['a node without taints accepts any pod', 'clean', [], ''],
  ])('%s', (_name, nodeName, tolerations, reason) => {
    const status = filterOn(plugin, pod('p', { tolerations }), cluster, nodeName);
    expect(status.reasons.join()).toBe(reason);
    expect(status.code).toBe(reason === '' ? 'Success' : 'UnschedulableAndUnresolvable');
  });

  it('scores nodes with untolerated PreferNoSchedule taints lower, and tolerating them restores the score', () => {
    expect(scoresOn(plugin, pod('p'), cluster, ['soft', 'clean'])).toEqual({ soft: 0, clean: 100 });
    const tolerant = pod('p', { tolerations: [{ key: 'spot', operator: 'Exists', effect: 'PreferNoSchedule' }] });
    expect(scoresOn(plugin, tolerant, cluster, ['soft', 'clean'])).toEqual({ soft: 100, clean: 100 });
  });
});
