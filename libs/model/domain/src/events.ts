import { type Event } from '@keel/kernel';
import { type ModelFacts } from './types';

/** The model's facts, with `displayName` and `architecture` filled in. */
export type ModelRegistered = Event<'ModelRegistered', Required<ModelFacts>>;
/** The model should no longer be deployed. */
export type ModelDeprecated = Event<'ModelDeprecated', { readonly name: string; readonly reason?: string }>;

/** Every event on a model stream. */
export type ModelEvent = ModelRegistered | ModelDeprecated;
