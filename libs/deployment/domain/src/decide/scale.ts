import { DomainError } from '@keel/kernel';
import { type DeploymentEvent } from '../events';
import { createPods, removePodsFrom } from '../pods';
import { type DeploymentState } from '../state';
import { requireActive } from './guards';

/** Scale up with new pending pods, or down removing the highest ordinals first. */
export function decideScale(name: string, replicas: number, state: DeploymentState): DeploymentEvent[] {
  const deployment = requireActive(state, name);
  const previousReplicas = deployment.replicas;
  if (replicas === previousReplicas) return [];
  const scaled: DeploymentEvent = { type: 'DeploymentScaled', data: { name, replicas, previousReplicas } };
  if (replicas > previousReplicas) return [scaled, ...createPods(deployment, previousReplicas, replicas)];
  return [scaled, ...removePodsFrom(deployment, replicas)];
}

/** Delete the deployment, removing every pod (so bound ones can be released on their nodes). */
export function decideDelete(name: string, state: DeploymentState): DeploymentEvent[] {
  if (state.status === 'Deleted') return [];
  if (state.status === 'Absent') throw new DomainError('NotFound', `deployment ${name} not found`);
  return [...removePodsFrom(state, 0), { type: 'DeploymentDeleted', data: { name } }];
}
