import { buildClusterPicture } from './cluster-picture';
import { pendingUnits } from './pending-queue';
import { a100Node, spec, ViewBuilder } from './testing/view-builder';

describe('pendingUnits', () => {
  it('orders by priority, highest first, then by creation order', () => {
    const { view } = new ViewBuilder()
      .registerNode(a100Node('n1'))
      .createDeployment('low', 1, spec({ priority: 1 }))
      .createDeployment('high', 2, spec({ priority: 100 }))
      .createDeployment('mid', 1, spec({ priority: 50 }));
    const order = pendingUnits(buildClusterPicture(view).pending).map((u) => u.members.map((m) => m.pod.name).join('+'));
    expect(order).toEqual(['high-0', 'high-1', 'mid-0', 'low-0']);
  });

  it('groups the pipeline stages of one replica into a gang', () => {
    const { view } = new ViewBuilder().createDeployment('pp', 2, spec({ pipeline: 2 }));
    const units = pendingUnits(buildClusterPicture(view).pending);
    expect(units.map((u) => [u.gang, u.members.map((m) => m.pod.name)])).toEqual([
      ['pp-0', ['pp-0', 'pp-0-1']],
      ['pp-1', ['pp-1', 'pp-1-1']],
    ]);
  });
});
