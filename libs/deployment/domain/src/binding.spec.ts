import { deciderSpec } from '@keel/kernel';
import { type BindPodData } from './commands';
import { decider } from './decider';
import { type ActiveDeployment } from './state';
import { bound, created } from './test-fixtures';

const spec = deciderSpec(decider);
const bindData = (replica: number, node = 'gpu-node-01'): BindPodData => {
  const { deployment: _d, ...rest } = bound(replica, node).data as BindPodData & { deployment: string };
  return { ...rest, name: 'llama' };
};

describe('BindPod', () => {
  it('binds a pending pod to a node and devices', () => {
    const state = spec.given(created(1)).when({ type: 'BindPod', data: bindData(0) }).then([bound(0)]) as ActiveDeployment;
    expect(state.pods['llama-0']).toMatchObject({ phase: 'Bound', placement: { node: 'gpu-node-01', gpuModel: 'A100-80GB' } });
  });

  it('appends nothing when the same placement is recorded again', () => {
    spec.given([...created(1), bound(0)]).when({ type: 'BindPod', data: bindData(0) }).then([]);
  });

  it('refuses another placement for a bound pod', () => {
    spec.given([...created(1), bound(0)]).when({ type: 'BindPod', data: bindData(0, 'gpu-node-02') }).thenThrows({ code: 'Conflict', message: 'already bound to node gpu-node-01' });
  });

  it('refuses a GPU model the model does not fit', () => {
    spec.given(created(1)).when({ type: 'BindPod', data: { ...bindData(0), gpuModel: 'T4' } }).thenThrows({ code: 'IllegalState', details: [{ path: 'gpuModel', reason: 'does not fit T4' }] });
  });

  it('refuses the wrong number of devices', () => {
    const data = { ...bindData(0), devices: [{ index: 0, milli: 1000, memoryMiB: 81_920 }] };
    spec.given(created(1)).when({ type: 'BindPod', data }).thenThrows({ code: 'IllegalState', details: [{ path: 'devices', reason: 'needs 2 device' }] });
  });

  it('refuses a pod that does not exist', () => {
    spec.given(created(1)).when({ type: 'BindPod', data: bindData(5) }).thenThrows({ code: 'NotFound', message: 'llama-5' });
  });

  it('rejects a device claimed twice', () => {
    const data = { ...bindData(0), devices: [0, 0].map((index) => ({ index, milli: 1000, memoryMiB: 1 })) };
    spec.given(created(1)).when({ type: 'BindPod', data }).thenThrows({ code: 'Validation', details: [{ path: 'devices', reason: 'twice' }] });
  });
});

describe('EvictPod', () => {
  const evict = (node: string) => ({ type: 'EvictPod' as const, data: { name: 'llama', pod: 'llama-0', node, reason: 'node drained' } });

  it('puts a bound pod back to Pending', () => {
    const state = spec
      .given([...created(1), bound(0)])
      .when(evict('gpu-node-01'))
      .then([{ type: 'PodEvicted', data: { deployment: 'llama', pod: 'llama-0', node: 'gpu-node-01', reason: 'node drained' } }]) as ActiveDeployment;
    expect(state.pods['llama-0']).toEqual(expect.objectContaining({ phase: 'Pending' }));
    expect(state.pods['llama-0']?.placement).toBeUndefined();
  });

  it('ignores an eviction from a node the pod has already left', () => {
    spec.given([...created(1), bound(0, 'gpu-node-02')]).when(evict('gpu-node-01')).then([]);
  });

  it('ignores an eviction for a pending or removed pod', () => {
    spec.given(created(1)).when(evict('gpu-node-01')).then([]);
    spec.given(created(0)).when(evict('gpu-node-01')).then([]);
  });
});
