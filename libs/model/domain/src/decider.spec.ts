import { deciderSpec } from '@keel/kernel';
import { type ModelCommand } from './commands';
import { decider } from './decider';
import { type ModelEvent } from './events';
import { type ModelFacts } from './types';

const spec = deciderSpec(decider);
const llama: ModelFacts = { name: 'llama-2-70b', displayName: 'Llama-2-70B', parametersBillions: 70, dtype: 'fp16', layers: 80, attentionHeads: 64, kvHeads: 8, headDim: 128, maxContext: 4096 };
const registered: ModelEvent = { type: 'ModelRegistered', data: { ...llama, displayName: 'Llama-2-70B', architecture: 'dense' } };
const register = (patch: Record<string, unknown>) => ({ type: 'RegisterModel', data: { ...llama, ...patch } }) as unknown as ModelCommand;

describe('RegisterModel', () => {
  it('registers a model with its fit facts', () => {
    const state = spec.given([]).when({ type: 'RegisterModel', data: llama }).then([registered]);
    expect(state).toMatchObject({ status: 'Registered', deprecated: false });
  });

  it('defaults the display name to the name and the architecture to dense', () => {
    const { displayName: _d, ...bare } = llama;
    spec.given([]).when({ type: 'RegisterModel', data: bare }).then([{ type: 'ModelRegistered', data: { ...bare, displayName: 'llama-2-70b', architecture: 'dense' } }]);
  });

  it('refuses a model that already exists', () => {
    spec.given([registered]).when({ type: 'RegisterModel', data: llama }).thenThrows({ code: 'Conflict' });
  });

  it.each([
    ['a name that is not a DNS-1123 label', { name: 'Llama-2-70B' }, 'name'],
    ['an unknown dtype', { dtype: 'fp4' }, 'dtype'],
    ['negative parameters', { parametersBillions: -7 }, 'parametersBillions'],
    ['absurd parameters', { parametersBillions: 1e9 }, 'parametersBillions'],
    ['fractional layers', { layers: 80.5 }, 'layers'],
    ['KV heads that do not divide the attention heads', { kvHeads: 7 }, 'kvHeads'],
    ['an unknown field', { vocab: 32_000 }, 'vocab'],
    ['a string where a number belongs', { headDim: '128' }, 'headDim'],
  ])('rejects %s, naming the field', (_, patch, path) => {
    spec.given([]).when(register(patch)).thenThrows({ code: 'Validation', details: [{ path }] });
  });
});

describe('DeprecateModel', () => {
  it('deprecates a model with a reason', () => {
    const state = spec
      .given([registered])
      .when({ type: 'DeprecateModel', data: { name: 'llama-2-70b', reason: 'use Llama-3.1-70B' } })
      .then([{ type: 'ModelDeprecated', data: { name: 'llama-2-70b', reason: 'use Llama-3.1-70B' } }]);
    expect(state).toMatchObject({ deprecated: true, deprecationReason: 'use Llama-3.1-70B' });
  });

  it('appends nothing when already deprecated', () => {
    spec.given([registered, { type: 'ModelDeprecated', data: { name: 'llama-2-70b' } }]).when({ type: 'DeprecateModel', data: { name: 'llama-2-70b' } }).then([]);
  });

  it('refuses a model that does not exist', () => {
    spec.given([]).when({ type: 'DeprecateModel', data: { name: 'llama-2-70b' } }).thenThrows({ code: 'NotFound' });
  });
});
