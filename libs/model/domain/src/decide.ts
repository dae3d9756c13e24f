import { assertNever, DomainError } from '@keel/kernel';
import { type ModelCommand } from './commands';
import { type ModelEvent } from './events';
import { type ModelState } from './state';
import { type ModelFacts } from './types';
import { validateModelCommand as valid } from './validation/validators';

function register(facts: ModelFacts, state: ModelState): ModelEvent[] {
  if (state.status !== 'Absent') throw new DomainError('Conflict', `model ${facts.name} already exists`);
  const data = { ...facts, displayName: facts.displayName ?? facts.name, architecture: facts.architecture ?? 'dense' };
  return [{ type: 'ModelRegistered', data }];
}

function deprecate(name: string, reason: string | undefined, state: ModelState): ModelEvent[] {
  if (state.status === 'Absent') throw new DomainError('NotFound', `model ${name} not found`);
  if (state.deprecated) return [];
  return [{ type: 'ModelDeprecated', data: { name, ...(reason === undefined ? {} : { reason }) } }];
}

/** Validate a model command's data, then decide its events against the folded state. */
export function decideModel(command: ModelCommand, state: ModelState): ModelEvent[] {
  switch (command.type) {
    case 'RegisterModel':
      return register(valid(command.type, command.data), state);
    case 'DeprecateModel': {
      const data = valid(command.type, command.data);
      return deprecate(data.name, data.reason, state);
    }
    default:
      return assertNever(command);
  }
}
