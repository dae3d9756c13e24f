import { type Command } from '@keel/kernel';
import { type ModelFacts } from './types';

/** Register a model with the facts that decide GPU fit. */
export type RegisterModel = Command<'RegisterModel', ModelFacts>;
/** Deprecated models stay readable; new deployments of them are for the handler to refuse or warn about. */
export type DeprecateModel = Command<'DeprecateModel', { readonly name: string; readonly reason?: string }>;

/** Every command the model decider accepts. */
export type ModelCommand = RegisterModel | DeprecateModel;
