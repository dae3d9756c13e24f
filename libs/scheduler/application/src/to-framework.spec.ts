import { buildClusterPicture } from './cluster-picture';
import { a100Node, spec, ViewBuilder } from './testing/view-builder';

describe('the framework picture of the view', () => {
  it('labels nodes with hostname and zone and treats cordoned nodes as unschedulable', () => {
    const { view } = new ViewBuilder().registerNode(a100Node('n1', 2, 'zone-b')).node({ type: 'CordonNode', data: { name: 'n1' } });
    const node = buildClusterPicture(view).state.node('n1');
    expect(node?.labels).toMatchObject({ 'kubernetes.io/hostname': 'n1', 'topology.kubernetes.io/zone': 'zone-b' });
    expect(node?.unschedulable).toBe(true);
  });

  it('counts what node streams hold, as recorded there', () => {
    const claims = [{ index: 1, milli: 1000, memoryMiB: 81_920 }];
    const { view } = new ViewBuilder()
      .registerNode(a100Node('n1', 2))
      .createDeployment('web', 1, spec())
      .node({ type: 'AssignPod', data: { node: 'n1', pod: 'web-0', deployment: 'web', devices: claims, cpuMilli: 1000, memoryMiB: 1024 } })
      .deployment({ type: 'BindPod', data: { name: 'web', pod: 'web-0', node: 'n1', gpuModel: 'A100-80GB', devices: claims } });
    const picture = buildClusterPicture(view);
    expect(picture.state.node('n1')?.gpuUsedMilli).toEqual([0, 1000]);
    expect(picture.pending).toEqual([]);
  });

  it('asks for a MIG profile when the model fits only MIG instances', () => {
    const { view } = new ViewBuilder().createDeployment('tiny', 1, spec({ gpuModels: ['A100-80GB:1g.10gb'] }));
    expect(buildClusterPicture(view).pending[0]?.spec.gpu).toEqual({ count: 1, models: ['A100-80GB'], migProfile: '1g.10gb' });
  });
});
