import { ClusterView } from './cluster-view';
import { a100Node, ViewBuilder } from './testing/view-builder';

const registered = (version: number) => ({
  streamId: 'node-n1',
  streamVersion: version,
  globalPosition: version,
  type: version === 1 ? 'NodeRegistered' : 'NodeCordoned',
  data: version === 1 ? { ...a100Node('n1'), devices: [{ index: 0, model: 'A100-80GB', memoryMiB: 81_920 }] } : { name: 'n1' },
});

describe('ClusterView', () => {
  it('folds each stream event once, however often it arrives', () => {
    const view = new ClusterView();
    expect(view.apply(registered(1))).toBe(true);
    expect(view.apply(registered(1))).toBe(false);
    expect(view.versionOf('node-n1')).toBe(1);
  });

  it('marks a stream stale instead of folding past a gap', () => {
    const view = new ClusterView();
    view.apply(registered(1));
    expect(view.apply({ ...registered(3), streamVersion: 3 })).toBe(false);
    expect(view.stale).toEqual(new Set(['node-n1']));
    view.replace('node-n1', [registered(1), registered(2)]);
    expect(view.stale.size).toBe(0);
    expect(view.nodes.get('n1')?.state).toMatchObject({ status: 'Active', unschedulable: true });
  });

  it('ignores streams the scheduler does not fold', () => {
    expect(new ClusterView().apply({ streamId: 'model-m', streamVersion: 1, globalPosition: 1, type: 'ModelRegistered', data: {} })).toBe(false);
  });

  it('remembers the creation order of pods and the version that made each one pending', () => {
    const { view } = new ViewBuilder().registerNode(a100Node('n1')).createDeployment('web', 2, {
      model: 'm',
      runtime: 'vllm',
      template: { gpusPerReplica: 1, tensorParallel: 1, pipelineParallel: 1, acceptableGpuModels: ['A100-80GB'], cpuMilli: 1, memoryMiB: 1, maxContext: 1, maxConcurrentSequences: 1 },
    });
    expect(view.creationOrder('web', 'web-0')).toBeLessThan(view.creationOrder('web', 'web-1'));
    expect(view.pendingEpisode('web', 'web-1')).toBe(3);
  });
});
