import { deciderSpec } from '@keel/kernel';
import { decider } from './decider';
import { type ActiveDeployment } from './state';
import { createLlama, created, llamaSpec, podCreated, verdict } from './test-fixtures';

const spec = deciderSpec(decider);

describe('CreateDeployment', () => {
  it('creates the deployment and one pending pod per replica, named <deployment>-<ordinal>', () => {
    const state = spec.given([]).when({ type: 'CreateDeployment', data: createLlama(2) }).then(created(2)) as ActiveDeployment;
    expect(Object.values(state.pods).map((p) => [p.name, p.phase])).toEqual([
      ['llama-0', 'Pending'],
      ['llama-1', 'Pending'],
    ]);
  });

  it('creates one pod per pipeline stage, named as LeaderWorkerSet does', () => {
    const pp = { ...llamaSpec, template: { ...llamaSpec.template, gpusPerReplica: 4, pipelineParallel: 2 } };
    const events = spec.given([]).when({ type: 'CreateDeployment', data: createLlama(1, pp) }).events();
    expect(events.slice(1)).toEqual([podCreated(0, 1, pp, 0), podCreated(0, 1, pp, 1)]);
    expect(events.slice(1).map((e) => e.data)).toMatchObject([{ pod: 'llama-0' }, { pod: 'llama-0-1' }]);
  });

  it('keeps only the GPU models the model fits on, in preference order', () => {
    const data = { ...createLlama(0), fit: verdict('llama-2-70b', ['A100-80GB', 'H100-80GB'], ['H100-80GB']) };
    const [event] = spec.given([]).when({ type: 'CreateDeployment', data }).events();
    expect(event?.data).toMatchObject({ fittingGpuModels: ['H100-80GB'] });
  });

  it('rejects a model that fits no acceptable GPU, with the arithmetic', () => {
    const data = { ...createLlama(1), fit: verdict('llama-2-70b', ['A100-80GB', 'H100-80GB'], []) };
    spec
      .given([])
      .when({ type: 'CreateDeployment', data })
      .thenThrows({ code: 'FitFailure', message: 'needs 130.4 GiB of weights', details: [{ path: 'template.acceptableGpuModels[1]', reason: 'H100-80GB' }] });
  });

  it('rejects a fit verdict computed for another template', () => {
    const data = { ...createLlama(1), fit: verdict('llama-2-70b', ['A100-80GB'], ['A100-80GB']) };
    spec.given([]).when({ type: 'CreateDeployment', data }).thenThrows({ code: 'Validation', details: [{ path: 'fit' }] });
  });

  it('refuses a deployment that already exists', () => {
    spec.given(created(1)).when({ type: 'CreateDeployment', data: createLlama(1) }).thenThrows({ code: 'Conflict' });
  });

  it('creates a deleted deployment again with the next revision', () => {
    const [first] = spec
      .given([...created(0), { type: 'DeploymentDeleted', data: { name: 'llama' } }])
      .when({ type: 'CreateDeployment', data: createLlama(0) })
      .events();
    expect(first?.data).toMatchObject({ revision: 2 });
  });
});
