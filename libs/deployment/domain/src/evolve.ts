import { assertNever } from '@keel/kernel';
import { type DeploymentEvent } from './events';
import { type ActiveDeployment, type DeploymentState } from './state';
import { type Pod } from './types/pod';

function withPod(deployment: ActiveDeployment, name: string, change: (pod: Pod) => Pod): DeploymentState {
  const pod = deployment.pods[name];
  return pod ? { ...deployment, pods: { ...deployment.pods, [name]: change(pod) } } : deployment;
}

function evolveActive(deployment: ActiveDeployment, event: DeploymentEvent): DeploymentState {
  switch (event.type) {
    case 'DeploymentCreated':
      return deployment;
    case 'DeploymentUpdated': {
      const { revision, spec, fittingGpuModels } = event.data;
      return { ...deployment, revision, spec, fittingGpuModels };
    }
    case 'DeploymentScaled':
      return { ...deployment, replicas: event.data.replicas };
    case 'DeploymentDeleted':
      return { status: 'Deleted', name: deployment.name, revision: deployment.revision };
    case 'PodCreated': {
      const { deployment: _d, pod: name, ...rest } = event.data;
      return { ...deployment, pods: { ...deployment.pods, [name]: { name, ...rest, phase: 'Pending' } } };
    }
    case 'PodBound': {
      const { deployment: _d, pod, ...placement } = event.data;
      return withPod(deployment, pod, ({ unschedulableMessage: _m, ...p }) => ({ ...p, phase: 'Bound', placement }));
    }
    case 'PodEvicted':
      return withPod(deployment, event.data.pod, ({ placement: _placement, unschedulableMessage: _m, ...p }) => ({ ...p, phase: 'Pending' }));
    case 'PodUnschedulable':
      return withPod(deployment, event.data.pod, (p) => ({ ...p, unschedulableMessage: event.data.message }));
    case 'PodScheduled':
    case 'PodPreempted':
      return deployment;
    case 'PodRemoved': {
      const { [event.data.pod]: _gone, ...pods } = deployment.pods;
      return { ...deployment, pods };
    }
    default:
      return assertNever(event);
  }
}

/** Apply one event. Total: an event that does not apply to the current status leaves the state as it is. */
export function evolveDeployment(state: DeploymentState, event: DeploymentEvent): DeploymentState {
  if (event.type === 'DeploymentCreated') {
    const { name, revision, spec, fittingGpuModels, replicas } = event.data;
    return { status: 'Active', name, revision, replicas, spec, fittingGpuModels, pods: {} };
  }
  return state.status === 'Active' ? evolveActive(state, event) : state;
}
