import { deciderSpec } from '@keel/kernel';
import { decider } from './decider';
import { type DeploymentEvent } from './events';
import { bound, created, podCreated } from './test-fixtures';

const spec = deciderSpec(decider);
const scaled = (replicas: number, previousReplicas: number): DeploymentEvent => ({ type: 'DeploymentScaled', data: { name: 'llama', replicas, previousReplicas } });

describe('ScaleDeployment', () => {
  it('scales up with pending pods at the next ordinals', () => {
    spec.given(created(2)).when({ type: 'ScaleDeployment', data: { name: 'llama', replicas: 4 } }).then([scaled(4, 2), podCreated(2), podCreated(3)]);
  });

  it('scales down removing the highest ordinals first, naming the node of bound pods', () => {
    const state = spec
      .given([...created(3), bound(1), bound(2, 'gpu-node-02')])
      .when({ type: 'ScaleDeployment', data: { name: 'llama', replicas: 1 } })
      .then([
        scaled(1, 3),
        { type: 'PodRemoved', data: { deployment: 'llama', pod: 'llama-2', node: 'gpu-node-02' } },
        { type: 'PodRemoved', data: { deployment: 'llama', pod: 'llama-1', node: 'gpu-node-01' } },
      ]);
    expect(Object.keys((state as { pods: object }).pods)).toEqual(['llama-0']);
  });

  it('scales to zero', () => {
    const events = spec.given(created(2)).when({ type: 'ScaleDeployment', data: { name: 'llama', replicas: 0 } }).events();
    expect(events.map((e) => e.type)).toEqual(['DeploymentScaled', 'PodRemoved', 'PodRemoved']);
  });

  it('appends nothing when the replica count is unchanged', () => {
    spec.given(created(2)).when({ type: 'ScaleDeployment', data: { name: 'llama', replicas: 2 } }).then([]);
  });

  it.each([
    ['negative', -1],
    ['fractional', 1.5],
    ['absurd', 1_000_000],
  ])('rejects a %s replica count', (_, replicas) => {
    spec.given(created(2)).when({ type: 'ScaleDeployment', data: { name: 'llama', replicas } }).thenThrows({ code: 'Validation', details: [{ path: 'replicas' }] });
  });

  it('refuses a deployment that does not exist', () => {
    spec.given([]).when({ type: 'ScaleDeployment', data: { name: 'llama', replicas: 1 } }).thenThrows({ code: 'NotFound' });
  });
});

describe('DeleteDeployment', () => {
  it('removes every pod, then the deployment', () => {
    const state = spec
      .given([...created(2), bound(0)])
      .when({ type: 'DeleteDeployment', data: { name: 'llama' } })
      .then([
        { type: 'PodRemoved', data: { deployment: 'llama', pod: 'llama-1' } },
        { type: 'PodRemoved', data: { deployment: 'llama', pod: 'llama-0', node: 'gpu-node-01' } },
        { type: 'DeploymentDeleted', data: { name: 'llama' } },
      ]);
    expect(state).toEqual({ status: 'Deleted', name: 'llama', revision: 1 });
  });

  it('appends nothing when already deleted', () => {
    spec.given([...created(0), { type: 'DeploymentDeleted', data: { name: 'llama' } }]).when({ type: 'DeleteDeployment', data: { name: 'llama' } }).then([]);
  });

  it('refuses a deployment that never existed', () => {
    spec.given([]).when({ type: 'DeleteDeployment', data: { name: 'llama' } }).thenThrows({ code: 'NotFound' });
  });

  it('refuses commands on a deleted deployment as not found', () => {
    spec.given([...created(0), { type: 'DeploymentDeleted', data: { name: 'llama' } }]).when({ type: 'ScaleDeployment', data: { name: 'llama', replicas: 1 } }).thenThrows({ code: 'NotFound' });
  });
});
