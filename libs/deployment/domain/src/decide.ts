import { assertNever } from '@keel/kernel';
import { type DeploymentCommand } from './commands';
import { type DeploymentEvent } from './events';
import { type DeploymentState } from './state';
import { validateDeploymentCommand as valid } from './validation/validators';
import { decideCreate, decideUpdate } from './decide/revision';
import { decideDelete, decideScale } from './decide/scale';
import { decideBind, decideEvict } from './decide/binding';
import { decidePreempt, decideUnschedulable } from './decide/scheduling';

/** Validate a deployment command's data, then decide its events against the folded state. */
export function decideDeployment(command: DeploymentCommand, state: DeploymentState): DeploymentEvent[] {
  switch (command.type) {
    case 'CreateDeployment':
      return decideCreate(valid(command.type, command.data), state);
    case 'UpdateDeployment':
      return decideUpdate(valid(command.type, command.data), state);
    case 'ScaleDeployment': {
      const data = valid(command.type, command.data);
      return decideScale(data.name, data.replicas, state);
    }
    case 'DeleteDeployment':
      return decideDelete(valid(command.type, command.data).name, state);
    case 'BindPod':
      return decideBind(valid(command.type, command.data), state);
    case 'EvictPod': {
      const data = valid(command.type, command.data);
      return decideEvict(data.name, data.pod, data.node, data.reason, state);
    }
    case 'RecordPodUnschedulable':
      return decideUnschedulable(valid(command.type, command.data), state);
    case 'PreemptPod':
      return decidePreempt(valid(command.type, command.data), state);
    default:
      return assertNever(command);
  }
}
