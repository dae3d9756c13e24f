import { assertNever } from '@keel/kernel';
import { type ModelEvent } from './events';
import { type ModelState } from './state';

/** Apply one event. Total: a deprecation of an absent model changes nothing. */
export function evolveModel(state: ModelState, event: ModelEvent): ModelState {
  switch (event.type) {
    case 'ModelRegistered':
      return { status: 'Registered', facts: event.data, deprecated: false };
    case 'ModelDeprecated':
      if (state.status !== 'Registered') return state;
      return { ...state, deprecated: true, ...(event.data.reason === undefined ? {} : { deprecationReason: event.data.reason }) };
    default:
      return assertNever(event);
  }
}
