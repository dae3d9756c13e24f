import {
  type ClusterSnapshot,
  type CycleState,
  type FilterPlugin,
  type NodeView,
  type PluginFactory,
  type PodSpec,
  type PreFilterPlugin,
  skip,
  type Status,
  type Taint,
  success,
  unresolvable,
} from '@keel/scheduler-framework';
import { tolerated } from '../taint-toleration/tolerations';
import { type NodeUnschedulableArgs, parseNodeUnschedulableArgs } from './args';

/** Name under which NodeUnschedulable is registered. */
export const NODE_UNSCHEDULABLE = 'NodeUnschedulable';

const CORDON_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };
const CORDONED = unresolvable('node(s) were unschedulable');
const OK = success();

/** Rejects cordoned nodes unless the pod tolerates `node.kubernetes.io/unschedulable:NoSchedule`. */
export class NodeUnschedulablePlugin implements PreFilterPlugin, FilterPlugin {
  readonly name = NODE_UNSCHEDULABLE;

  preFilter(_state: CycleState, _pod: PodSpec, snapshot: ClusterSnapshot): Status {
    return snapshot.stats.anyUnschedulable ? OK : skip();
  }

  filter(_state: CycleState, pod: PodSpec, node: NodeView): Status {
    if (!node.unschedulable || tolerated(pod.tolerations, CORDON_TAINT)) return OK;
    return CORDONED;
  }
}

/** Factory for the registry. */
export const nodeUnschedulableFactory: PluginFactory<NodeUnschedulableArgs> = {
  name: NODE_UNSCHEDULABLE,
  parseArgs: parseNodeUnschedulableArgs,
  create: () => new NodeUnschedulablePlugin(),
};
