import { type Decider } from '@keel/kernel';
import { type ModelCommand } from './commands';
import { decideModel } from './decide';
import { type ModelEvent } from './events';
import { evolveModel } from './evolve';
import { initialModelState, type ModelState } from './state';

/** The model decider: a model's fit facts, registered once, deprecated at most once. */
export const decider: Decider<ModelCommand, ModelEvent, ModelState> = {
  initialState: initialModelState,
  decide: decideModel,
  evolve: evolveModel,
};
