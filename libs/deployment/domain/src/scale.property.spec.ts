import { fold } from '@keel/kernel';
import fc from 'fast-check';
import { type DeploymentCommand } from './commands';
import { decider } from './decider';
import { type ActiveDeployment, type DeploymentState } from './state';
import { createLlama, llamaSpec } from './test-fixtures';

const metadata = { correlationId: 'prop', actor: 'test', time: '2025-01-01T00:00:00.000Z' };
const twoStages = { ...llamaSpec, template: { ...llamaSpec.template, gpusPerReplica: 4, pipelineParallel: 2 } };
const device = (index: number) => ({ index, milli: 1000, memoryMiB: 81_920 });

const command: fc.Arbitrary<DeploymentCommand> = fc.oneof(
  fc.integer({ min: 0, max: 6 }).map((replicas) => ({ type: 'ScaleDeployment' as const, data: { name: 'llama', replicas }, metadata })),
  fc.record({ replica: fc.integer({ min: 0, max: 6 }), node: fc.constantFrom('gpu-node-01', 'gpu-node-02') }).map(({ replica, node }) => ({
    type: 'BindPod' as const,
    data: { name: 'llama', pod: `llama-${replica}`, node, gpuModel: 'A100-80GB', devices: [device(0), device(1)] },
    metadata,
  })),
  fc.record({ replica: fc.integer({ min: 0, max: 6 }), node: fc.constantFrom('gpu-node-01', 'gpu-node-02') }).map(({ replica, node }) => ({
    type: 'EvictPod' as const,
    data: { name: 'llama', pod: `llama-${replica}`, node, reason: 'drain' },
    metadata,
  })),
);

function step(state: DeploymentState, cmd: DeploymentCommand): DeploymentState {
  try {
    return fold(decider.evolve, state, decider.decide(cmd, state));
  } catch {
    return state;
  }
}

describe('pods follow the replica count', () => {
  it('after any scale/bind/evict sequence there are exactly the pods of replicas 0..n-1, every stage, bound pods placed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 }), fc.array(command, { maxLength: 40 }), (initial, commands) => {
        const created = decider.decide({ type: 'CreateDeployment', data: createLlama(initial, twoStages), metadata }, decider.initialState());
        const state = commands.reduce(step, fold(decider.evolve, decider.initialState(), created)) as ActiveDeployment;
        const expected = Array.from({ length: state.replicas }, (_, r) => [`llama-${r}`, `llama-${r}-1`]).flat();
        expect(Object.keys(state.pods).sort()).toEqual(expected.sort());
        for (const pod of Object.values(state.pods)) expect(pod.phase === 'Bound').toBe(pod.placement !== undefined);
      }),
      { numRuns: 200 },
    );
  });
});
