import { deciderSpec } from '@keel/kernel';
import { type UpdateDeploymentData } from './commands';
import { decider } from './decider';
import { type DeploymentEvent } from './events';
import { createLlama, created, llamaSpec, podCreated, verdict } from './test-fixtures';

const spec = deciderSpec(decider);
const { replicas: _replicas, ...updateLlama } = createLlama();
const h100Only = { ...llamaSpec, template: { ...llamaSpec.template, acceptableGpuModels: ['H100-80GB'] } };
const updateToH100: UpdateDeploymentData = { name: 'llama', ...h100Only, fit: verdict('llama-2-70b', ['H100-80GB'], ['H100-80GB']) };
const updated: DeploymentEvent = { type: 'DeploymentUpdated', data: { name: 'llama', revision: 2, spec: h100Only, fittingGpuModels: ['H100-80GB'] } };

describe('UpdateDeployment', () => {
  it('records a new revision', () => {
    const state = spec.given(created(1)).when({ type: 'UpdateDeployment', data: updateToH100 }).then([updated]);
    expect(state).toMatchObject({ revision: 2, replicas: 1, spec: h100Only });
  });

  it('appends nothing when the spec is unchanged', () => {
    spec.given(created(1)).when({ type: 'UpdateDeployment', data: updateLlama }).then([]);
  });

  it('creates later replicas from the new revision', () => {
    const events = spec.given([...created(1), updated]).when({ type: 'ScaleDeployment', data: { name: 'llama', replicas: 2 } }).events();
    expect(events[1]).toEqual(podCreated(1, 2, h100Only));
    expect(events[1]?.data).toMatchObject({ revision: 2, request: { gpuModels: ['H100-80GB'] } });
  });

  it('rejects a revision whose model fits no acceptable GPU', () => {
    const data = { ...updateToH100, fit: verdict('llama-2-70b', ['H100-80GB'], []) };
    spec.given(created(1)).when({ type: 'UpdateDeployment', data }).thenThrows({ code: 'FitFailure' });
  });

  it('refuses a deployment that does not exist', () => {
    spec.given([]).when({ type: 'UpdateDeployment', data: updateToH100 }).thenThrows({ code: 'NotFound' });
  });
});
