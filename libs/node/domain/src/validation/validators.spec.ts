import { deciderSpec } from '@keel/kernel';
import { type NodeCommand } from '../commands';
import { decider } from '../decider';
import { gpuNode01, registered } from '../test-fixtures';
import { validateNodeCommand } from './validators';

const spec = deciderSpec(decider);
const register = (data: Record<string, unknown>) => ({ type: 'RegisterNode', data: { ...gpuNode01, ...data } }) as unknown as NodeCommand;

describe('node command validation', () => {
  it.each([
    ['a name that is not a DNS-1123 label', { name: 'GPU_Node' }, 'name', /DNS-1123/],
    ['a name longer than 63 characters', { name: 'a'.repeat(64) }, 'name', /63/],
    ['an unknown field', { colour: 'blue' }, 'colour', /unknown field/],
    ['negative CPU', { cpuMilli: -1 }, 'cpuMilli', /.+/],
    ['fractional memory', { memoryMiB: 1.5 }, 'memoryMiB', /.+/],
    ['absurd memory', { memoryMiB: 1e12 }, 'memoryMiB', /.+/],
    ['a string where a number belongs', { cpuMilli: '64' }, 'cpuMilli', /number/],
    ['a bad label key', { labels: { 'bad key!': 'x' } }, 'labels.bad key!', /qualified name/],
    ['a bad label value', { labels: { tier: 'not ok' } }, 'labels.tier', /label value/],
    ['an absurd number of labels', { labels: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`l${i}`, 'x'])) }, 'labels', /at most 64/],
    ['an unknown taint effect', { taints: [{ key: 'a', effect: 'Sometimes' }] }, 'taints[0].effect', /.+/],
    ['an unknown device field', { devices: [{ model: 'T4', memoryMiB: 16_384, vram: 16 }] }, 'devices[0].vram', /unknown field/],
    ['a zero-memory device', { devices: [{ model: 'T4', memoryMiB: 0 }] }, 'devices[0].memoryMiB', /.+/],
    ['a MIG layout with an unknown profile', { devices: [{ model: 'A100-80GB', memoryMiB: 81_920, mig: ['9g.90gb'] }] }, 'devices[0].mig', /unknown MIG profile/],
    ['a MIG layout using more than 7 slices', { devices: [{ model: 'A100-80GB', memoryMiB: 81_920, mig: ['4g.40gb', '4g.40gb'] }] }, 'devices[0].mig', /8 compute slices/],
  ])('rejects %s, naming the field', (_, data, path, reason) => {
    spec.given([]).when(register(data)).thenThrows({ code: 'Validation', details: [{ path, reason }] });
  });

  it('rejects a claim on the same device twice', () => {
    const data = { node: 'gpu-node-01', pod: 'p-0', deployment: 'p', cpuMilli: 0, memoryMiB: 0, devices: [0, 0].map((index) => ({ index, milli: 10, memoryMiB: 0 })) };
    spec.given([registered()]).when({ type: 'AssignPod', data }).thenThrows({ code: 'Validation', details: [{ path: 'devices[1].index', reason: /twice/ }] });
  });

  it('rejects a milli-GPU claim above 1000', () => {
    const data = { node: 'gpu-node-01', pod: 'p-0', deployment: 'p', cpuMilli: 0, memoryMiB: 0, devices: [{ index: 0, milli: 1001, memoryMiB: 0 }] };
    spec.given([registered()]).when({ type: 'AssignPod', data }).thenThrows({ code: 'Validation', details: [{ path: 'devices[0].milli' }] });
  });

  it('rejects unknown fields on commands built with extend', () => {
    expect(() => validateNodeCommand('CordonNode', { name: 'gpu-node-01', now: true })).toThrow(/now: unknown field/);
  });

  it('returns the parsed data for the API layer to use', () => {
    expect(validateNodeCommand('DrainNode', { name: 'gpu-node-01', reason: 'upgrade' })).toEqual({ name: 'gpu-node-01', reason: 'upgrade' });
  });
});
