import { podKey } from '@keel/scheduler-framework';
import { buildClusterPicture } from './cluster-picture';
import { a100Node, spec, ViewBuilder } from './testing/view-builder';

/** Binds `pod` of `deployment` to GPU `index` of node n1 on the node stream. */
function assign(builder: ViewBuilder, deployment: string, pod: string, index: number): void {
  builder.node({ type: 'AssignPod', data: { node: 'n1', deployment, pod, cpuMilli: 1000, memoryMiB: 1024, gpuModel: 'A100-80GB', devices: [{ index, milli: 1000, memoryMiB: 81_920 }] } });
}

describe('buildClusterPicture with a pod name two deployments use', () => {
  // `a` replica 1 stage 1 and `a-1` replica 1 are both named a-1-1 (LeaderWorkerSet naming).
  const builder = new ViewBuilder().registerNode(a100Node('n1', 2));
  builder.createDeployment('a', 2, spec({ pipeline: 2 }));
  builder.createDeployment('a-1', 2, spec());
  assign(builder, 'a', 'a-1-1', 0);
  assign(builder, 'a-1', 'a-1-1', 1);
  const picture = buildClusterPicture(builder.view);

  it('counts both pods against the node, so a full node does not look half free', () => {
    const node = picture.state.node('n1')!;
    expect(picture.state.podsOn(node.index).map((p) => p.name).sort()).toEqual(['a-1/a-1-1', 'a/a-1-1']);
    expect(node.idleGpus).toBe(0);
  });

  it("maps each framework pod back to its own deployment's pod", () => {
    expect(picture.byKey.get(podKey({ namespace: 'keel', name: 'a/a-1-1' }))?.deployment.name).toBe('a');
    expect(picture.byKey.get(podKey({ namespace: 'keel', name: 'a-1/a-1-1' }))?.deployment.name).toBe('a-1');
    expect(picture.byKey.get(podKey({ namespace: 'keel', name: 'a-0' }))?.deployment.name).toBe('a');
  });
});
