import { DomainError } from '@keel/kernel';
import { type ActiveDeployment, type DeploymentState } from '../state';

/** The live deployment, or `NotFound` when none exists on the stream (or it was deleted). */
export function requireActive(state: DeploymentState, name: string): ActiveDeployment {
  if (state.status !== 'Active') throw new DomainError('NotFound', `deployment ${name} not found`);
  return state;
}
