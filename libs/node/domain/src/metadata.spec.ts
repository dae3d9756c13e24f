import { deciderSpec } from '@keel/kernel';
import { decider } from './decider';
import { registered } from './test-fixtures';

const spec = deciderSpec(decider);
const name = 'gpu-node-01';

describe('UpdateNodeLabels', () => {
  it('replaces the labels', () => {
    const labels = { 'topology.kubernetes.io/zone': 'us-east-1a', tier: 'prod' };
    const state = spec.given([registered()]).when({ type: 'UpdateNodeLabels', data: { name, labels } }).then([
      { type: 'NodeLabelsUpdated', data: { name, labels } },
    ]);
    expect(state).toMatchObject({ labels });
  });

  it('appends nothing when the labels are unchanged, whatever their order', () => {
    const labels = { b: '2', a: '1' };
    spec
      .given([registered(), { type: 'NodeLabelsUpdated', data: { name, labels: { a: '1', b: '2' } } }])
      .when({ type: 'UpdateNodeLabels', data: { name, labels } })
      .then([]);
  });

  it('refuses a node that does not exist', () => {
    spec.given([]).when({ type: 'UpdateNodeLabels', data: { name, labels: {} } }).thenThrows({ code: 'NotFound' });
  });
});

describe('UpdateNodeTaints', () => {
  it('replaces the taints', () => {
    const taints = [{ key: 'maintenance', effect: 'NoExecute' as const }];
    const state = spec.given([registered()]).when({ type: 'UpdateNodeTaints', data: { name, taints } }).then([
      { type: 'NodeTaintsUpdated', data: { name, taints } },
    ]);
    expect(state).toMatchObject({ taints });
  });

  it('appends nothing when the taints are unchanged', () => {
    const taints = [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' as const }];
    spec.given([registered()]).when({ type: 'UpdateNodeTaints', data: { name, taints } }).then([]);
  });

  it('refuses a deregistered node', () => {
    spec
      .given([registered(), { type: 'NodeDeregistered', data: { name } }])
      .when({ type: 'UpdateNodeTaints', data: { name, taints: [] } })
      .thenThrows({ code: 'NotFound' });
  });
});
