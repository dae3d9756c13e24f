import { type Decider } from '@keel/kernel';
import { type DeploymentCommand } from './commands';
import { decideDeployment } from './decide';
import { type DeploymentEvent } from './events';
import { evolveDeployment } from './evolve';
import { initialDeploymentState, type DeploymentState } from './state';

/** The deployment decider: revisions, scaling, and the lifecycle of every pod (Pending ⇄ Bound, removed). */
export const decider: Decider<DeploymentCommand, DeploymentEvent, DeploymentState> = {
  initialState: initialDeploymentState,
  decide: decideDeployment,
  evolve: evolveDeployment,
};
