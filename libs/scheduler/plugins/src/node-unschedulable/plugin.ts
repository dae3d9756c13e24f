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
import { z } from 'zod';
import { zodArgs } from '../shared/zod-args';
import { tolerated } from '../taint-toleration/tolerations';

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

/** NodeUnschedulable takes no args. */
export const nodeUnschedulableArgsSchema = z.strictObject({});

/** Factory for the registry. */
export const nodeUnschedulableFactory: PluginFactory<z.output<typeof nodeUnschedulableArgsSchema>> = {
  name: NODE_UNSCHEDULABLE,
  parseArgs: zodArgs(nodeUnschedulableArgsSchema),
  create: () => new NodeUnschedulablePlugin(),
};
