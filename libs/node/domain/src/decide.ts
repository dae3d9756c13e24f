import { assertNever } from '@keel/kernel';
import { type NodeCommand } from './commands';
import { type NodeEvent } from './events';
import { type NodeState } from './state';
import { validateNodeCommand as valid } from './validation/validators';
import { decideRegister } from './decide/register';
import { decideCordon, decideDeregister, decideDrain, decideFail, decideRecover, decideUncordon } from './decide/lifecycle';
import { decideLabels, decideTaints } from './decide/metadata';
import { decideAssign, decideRelease } from './decide/pods';

/** Validate a node command's data, then decide its events against the folded state. */
export function decideNode(command: NodeCommand, state: NodeState): NodeEvent[] {
  switch (command.type) {
    case 'RegisterNode':
      return decideRegister(valid(command.type, command.data), state);
    case 'UpdateNodeLabels': {
      const data = valid(command.type, command.data);
      return decideLabels(data.name, data.labels, state);
    }
    case 'UpdateNodeTaints': {
      const data = valid(command.type, command.data);
      return decideTaints(data.name, data.taints, state);
    }
    case 'CordonNode':
      return decideCordon(valid(command.type, command.data).name, state);
    case 'UncordonNode':
      return decideUncordon(valid(command.type, command.data).name, state);
    case 'DrainNode': {
      const data = valid(command.type, command.data);
      return decideDrain(data.name, data.reason, state);
    }
    case 'MarkNodeFailed': {
      const data = valid(command.type, command.data);
      return decideFail(data.name, data.reason, state);
    }
    case 'RecoverNode':
      return decideRecover(valid(command.type, command.data).name, state);
    case 'DeregisterNode': {
      const data = valid(command.type, command.data);
      return decideDeregister(data.name, data.force ?? false, state);
    }
    case 'AssignPod':
      return decideAssign(valid(command.type, command.data), state);
    case 'ReleasePod': {
      const data = valid(command.type, command.data);
      return decideRelease(data.node, data.deployment, data.pod, state);
    }
    default:
      return assertNever(command);
  }
}
