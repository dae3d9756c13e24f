import { DomainError, fold } from '@keel/kernel';
import fc from 'fast-check';
import { deviceUsage, hostUsage } from './capacity';
import { type NodeCommand } from './commands';
import { decider } from './decider';
import { type ActiveNode, type NodeState } from './state';
import { gpuNode01, registered } from './test-fixtures';

const metadata = { correlationId: 'prop', actor: 'test', time: '2025-01-01T00:00:00.000Z' };
const node = {
  ...gpuNode01,
  cpuMilli: 16_000,
  memoryMiB: 65_536,
  devices: [
    { model: 'A100-80GB', memoryMiB: 81_920 },
    { model: 'L4', memoryMiB: 24_576 },
    { model: 'A100-80GB', memoryMiB: 81_920, mig: ['3g.40gb', '2g.20gb', '1g.10gb', '1g.10gb'] },
  ],
};
const podName = fc.integer({ min: 0, max: 7 }).map((i) => `pod-${i}`);

// Mostly plausible claims (so pods do land and pile up), sometimes nonsense the decider must refuse.
const plainClaim = fc.record({ index: fc.integer({ min: 0, max: 1 }), milli: fc.integer({ min: 1, max: 1000 }), memoryMiB: fc.integer({ min: 0, max: 45_000 }) });
const migClaim = fc.record({ index: fc.constant(2), milli: fc.integer({ min: 1, max: 450 }), memoryMiB: fc.integer({ min: 0, max: 25_000 }), mig: fc.integer({ min: 0, max: 3 }) });
const oddClaim = fc.record(
  { index: fc.integer({ min: 0, max: 3 }), milli: fc.integer({ min: 1, max: 1000 }), memoryMiB: fc.integer({ min: 0, max: 90_000 }), mig: fc.integer({ min: 0, max: 4 }) },
  { requiredKeys: ['index', 'milli', 'memoryMiB'] },
);
const claim = fc.oneof({ arbitrary: plainClaim, weight: 6 }, { arbitrary: migClaim, weight: 3 }, { arbitrary: oddClaim, weight: 1 });
const assign = fc.record({ pod: podName, devices: fc.uniqueArray(claim, { maxLength: 3, selector: (c) => c.index }), cpuMilli: fc.integer({ min: 0, max: 9000 }), memoryMiB: fc.integer({ min: 0, max: 40_000 }) });
// Two deployments, so the same pod name is bound for both at times (pod names are unique per deployment only).
const deployment = fc.constantFrom('d', 'e');
const command: fc.Arbitrary<NodeCommand> = fc.oneof(
  fc.tuple(deployment, assign).map(([d, a]) => ({ type: 'AssignPod' as const, data: { node: node.name, deployment: d, ...a }, metadata })),
  fc.tuple(deployment, podName).map(([d, pod]) => ({ type: 'ReleasePod' as const, data: { node: node.name, deployment: d, pod }, metadata })),
);

function assertWithinCapacity(state: ActiveNode): void {
  for (const device of state.devices) {
    const usage = deviceUsage(state, device.index);
    expect(usage.milli).toBeLessThanOrEqual(1000);
    expect(usage.memoryMiB).toBeLessThanOrEqual(device.memoryMiB);
    expect(new Set(usage.migInstances).size).toBe(usage.migInstances.length);
  }
  const host = hostUsage(state);
  expect(host.cpuMilli).toBeLessThanOrEqual(state.cpuMilli);
  expect(host.memoryMiB).toBeLessThanOrEqual(state.memoryMiB);
}

function step(state: NodeState, cmd: NodeCommand): NodeState {
  try {
    return fold(decider.evolve, state, decider.decide(cmd, state));
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return state;
  }
}

describe('pod assignment invariant', () => {
  it('no sequence of AssignPod and ReleasePod ever over-allocates a device, CPU or memory', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 60 }), (commands) => {
        let state = decider.evolve(decider.initialState(), registered(node));
        for (const cmd of commands) {
          state = step(state, cmd);
          assertWithinCapacity(state as ActiveNode);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('some sequences do place pods, so the property is not vacuous', () => {
    const commands = fc.sample(fc.array(command, { minLength: 30, maxLength: 30 }), { numRuns: 20, seed: 42 });
    const placed = commands.map((cmds) => Object.keys((cmds.reduce(step, decider.evolve(decider.initialState(), registered(node))) as ActiveNode).pods).length);
    expect(Math.max(...placed)).toBeGreaterThan(0);
  });
});
