import { DomainError } from '@keel/kernel';
import { type CreateDeploymentData, type UpdateDeploymentData } from '../commands';
import { type DeploymentEvent } from '../events';
import { fittingGpuModels } from '../fit';
import { createPods } from '../pods';
import { type DeploymentState } from '../state';
import { type DeploymentSpec } from '../types/spec';
import { sameJson } from '@keel/kernel';
import { requireActive } from './guards';

function specOf(data: UpdateDeploymentData): DeploymentSpec {
  const { name: _name, fit: _fit, ...spec } = data;
  return spec;
}

/** Create a deployment with pending pods; refused (`FitFailure`) when the model fits no acceptable GPU. */
export function decideCreate(data: CreateDeploymentData, state: DeploymentState): DeploymentEvent[] {
  if (state.status === 'Active') throw new DomainError('Conflict', `deployment ${data.name} already exists`);
  const { replicas, ...rest } = data;
  const spec = specOf(rest);
  const fitting = fittingGpuModels(data.fit, spec.model, spec.template);
  const revision = state.status === 'Deleted' ? state.revision + 1 : 1;
  const created = { name: data.name, revision, spec, fittingGpuModels: fitting };
  return [{ type: 'DeploymentCreated', data: { ...created, replicas } }, ...createPods(created, 0, replicas)];
}

/**
 * Record a new revision. Existing pods keep their revision (a rolling update is a separate workflow);
 * replicas created from now on use the new one. Re-applying the current spec appends nothing.
 */
export function decideUpdate(data: UpdateDeploymentData, state: DeploymentState): DeploymentEvent[] {
  const deployment = requireActive(state, data.name);
  const spec = specOf(data);
  const fitting = fittingGpuModels(data.fit, spec.model, spec.template);
  if (sameJson(spec, deployment.spec) && sameJson(fitting, deployment.fittingGpuModels)) return [];
  return [{ type: 'DeploymentUpdated', data: { name: data.name, revision: deployment.revision + 1, spec, fittingGpuModels: fitting } }];
}
