import { type Decider } from '@keel/kernel';
import { type NodeCommand } from './commands';
import { decideNode } from './decide';
import { type NodeEvent } from './events';
import { evolveNode } from './evolve';
import { initialNodeState, type NodeState } from './state';

/** The node decider: GPU node inventory, lifecycle, and pod binding with the no-over-allocation invariant. */
export const decider: Decider<NodeCommand, NodeEvent, NodeState> = {
  initialState: initialNodeState,
  decide: decideNode,
  evolve: evolveNode,
};
