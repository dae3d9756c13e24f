import { deciderSpec } from '@keel/kernel';
import { decider } from './decider';
import { gpuNode01, registered } from './test-fixtures';

const spec = deciderSpec(decider);

describe('RegisterNode', () => {
  it('registers a node with indexed devices', () => {
    const state = spec.given([]).when({ type: 'RegisterNode', data: gpuNode01 }).then([registered()]);
    expect(state).toMatchObject({ status: 'Active', unschedulable: false, condition: 'Ready', pods: {} });
  });

  it('fills in empty labels and taints', () => {
    const data = { ...gpuNode01, labels: undefined, taints: undefined };
    spec.given([]).when({ type: 'RegisterNode', data }).then([registered({ ...data, labels: {}, taints: [] })]);
  });

  it('registers a node that mixes GPU models, one of them MIG-partitioned', () => {
    const data = {
      ...gpuNode01,
      devices: [
        { model: 'A100-80GB', memoryMiB: 81_920, mig: ['3g.40gb', '2g.20gb', '1g.10gb', '1g.10gb'] },
        { model: 'L4', memoryMiB: 24_576 },
      ],
    };
    spec.given([]).when({ type: 'RegisterNode', data }).then([registered(data)]);
  });

  it('refuses to register a node that already exists', () => {
    spec.given([registered()]).when({ type: 'RegisterNode', data: gpuNode01 }).thenThrows({ code: 'Conflict', message: 'already exists' });
  });

  it('registers a node again after it was deregistered', () => {
    spec
      .given([registered(), { type: 'NodeDeregistered', data: { name: 'gpu-node-01' } }])
      .when({ type: 'RegisterNode', data: gpuNode01 })
      .then([registered()]);
  });
});
