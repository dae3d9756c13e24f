import { findDrift, repairCommand } from './reconcile';
import { a100Node, spec, ViewBuilder } from './testing/view-builder';

const claims = [{ index: 0, milli: 1000, memoryMiB: 81_920 }];

function boundCluster(): ViewBuilder {
  return new ViewBuilder()
    .registerNode(a100Node('n1'))
    .createDeployment('web', 1, spec())
    .node({ type: 'AssignPod', data: { node: 'n1', pod: 'web-0', deployment: 'web', devices: claims, cpuMilli: 1000, memoryMiB: 1024, gpuModel: 'A100-80GB' } })
    .deployment({ type: 'BindPod', data: { name: 'web', pod: 'web-0', node: 'n1', gpuModel: 'A100-80GB', devices: claims } });
}

describe('findDrift', () => {
  it('finds nothing while both streams agree', () => {
    expect(findDrift(boundCluster().view)).toEqual([]);
  });

  it.each([
    ['drained', { type: 'DrainNode' as const, data: { name: 'n1' } }, 'node n1 drained'],
    ['failed', { type: 'MarkNodeFailed' as const, data: { name: 'n1', reason: 'lost' } }, 'node n1 failed'],
  ])('evicts a pod on the deployment when its node was %s', (_how, command, reason) => {
    const { view } = boundCluster().node(command);
    const drift = findDrift(view);
    expect(drift).toEqual([{ kind: 'evict', deployment: 'web', pod: 'web-0', node: 'n1' }]);
    expect(repairCommand(view, drift[0]!)).toEqual({ kind: 'deployment', stream: 'deployment-web', command: { type: 'EvictPod', data: { name: 'web', pod: 'web-0', node: 'n1', reason } } });
  });

  it('releases a pod on its node when the deployment removed it', () => {
    const { view } = boundCluster().deployment({ type: 'ScaleDeployment', data: { name: 'web', replicas: 0 } });
    const drift = findDrift(view);
    expect(drift).toEqual([{ kind: 'release', deployment: 'web', pod: 'web-0', node: 'n1' }]);
    expect(repairCommand(view, drift[0]!)).toEqual({ kind: 'node', stream: 'node-n1', command: { type: 'ReleasePod', data: { node: 'n1', deployment: 'web', pod: 'web-0' } } });
  });
});
