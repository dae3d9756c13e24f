import { type ModelFacts } from './types';

/** No model registered on this stream. */
export interface AbsentModel {
  readonly status: 'Absent';
}

/** A registered model and whether it is deprecated. */
export interface RegisteredModel {
  readonly status: 'Registered';
  readonly facts: Required<ModelFacts>;
  readonly deprecated: boolean;
  readonly deprecationReason?: string;
}

/** State of one model stream; plain JSON so it can be snapshotted. */
export type ModelState = AbsentModel | RegisteredModel;

/** The state of a stream with no events. */
export const initialModelState = (): ModelState => ({ status: 'Absent' });
