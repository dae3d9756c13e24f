import { deciderSpec } from '@keel/kernel';
import { type BindPodData } from './commands';
import { decider } from './decider';
import { type DeploymentEvent } from './events';
import { type ActiveDeployment } from './state';
import { bound, created } from './test-fixtures';

const spec = deciderSpec(decider);
const message = '0/2 nodes are available: 2 Insufficient nvidia.com/gpu.';
const reasons = { 'Insufficient nvidia.com/gpu': 2 };
const unschedulable = (text = message): DeploymentEvent => ({ type: 'PodUnschedulable', data: { deployment: 'llama', pod: 'llama-0', message: text, reasons } });
const record = (text = message) => ({ type: 'RecordPodUnschedulable' as const, data: { name: 'llama', pod: 'llama-0', message: text, reasons } });

describe('RecordPodUnschedulable', () => {
  it('records why a pending pod cannot be placed', () => {
    const state = spec.given(created(1)).when(record()).then([unschedulable()]) as ActiveDeployment;
    expect(state.pods['llama-0']?.unschedulableMessage).toBe(message);
  });

  it('records nothing while the message is unchanged', () => {
    spec.given([...created(1), unschedulable()]).when(record()).then([]);
  });

  it('records a changed message', () => {
    const other = '0/3 nodes are available: 3 Insufficient nvidia.com/gpu.';
    spec.given([...created(1), unschedulable()]).when(record(other)).then([unschedulable(other)]);
  });

  it('records the same message again after the pod was bound and evicted', () => {
    const evicted: DeploymentEvent = { type: 'PodEvicted', data: { deployment: 'llama', pod: 'llama-0', node: 'gpu-node-01', reason: 'drained' } };
    spec.given([...created(1), unschedulable(), bound(0), evicted]).when(record()).then([unschedulable()]);
  });

  it('ignores a bound, unknown or deleted pod', () => {
    spec.given([...created(1), bound(0)]).when(record()).then([]);
    spec.given(created(0)).when(record()).then([]);
    spec.given([]).when(record()).then([]);
  });

  it('refuses a message that is empty', () => {
    spec.given(created(1)).when(record('')).thenThrows({ code: 'Validation', details: [{ path: 'message' }] });
  });
});

describe('BindPod with a score breakdown', () => {
  it('records PodScheduled with device indices and candidates after PodBound', () => {
    const candidates = [{ node: 'gpu-node-01', total: 310.5, plugins: { FGD: 90, TaintToleration: 300 } }];
    const data: BindPodData = {
      name: 'llama',
      pod: 'llama-0',
      node: 'gpu-node-01',
      gpuModel: 'A100-80GB',
      devices: [0, 1].map((index) => ({ index, milli: 1000, memoryMiB: 81_920 })),
      candidates,
    };
    spec
      .given(created(1))
      .when({ type: 'BindPod', data })
      .then([bound(0), { type: 'PodScheduled', data: { deployment: 'llama', pod: 'llama-0', node: 'gpu-node-01', devices: [0, 1], candidates } }]);
  });
});

describe('PreemptPod', () => {
  const preempt = (node = 'gpu-node-01') => ({
    type: 'PreemptPod' as const,
    data: { name: 'llama', pod: 'llama-0', node, by: 'critical/critical-0', reason: 'priority 2000 > 1000' },
  });

  it('evicts the pod and records who preempted it', () => {
    const state = spec
      .given([...created(1), bound(0)])
      .when(preempt())
      .then([
        { type: 'PodEvicted', data: { deployment: 'llama', pod: 'llama-0', node: 'gpu-node-01', reason: 'preempted by critical/critical-0' } },
        { type: 'PodPreempted', data: { deployment: 'llama', pod: 'llama-0', by: 'critical/critical-0', node: 'gpu-node-01', reason: 'priority 2000 > 1000' } },
      ]) as ActiveDeployment;
    expect(state.pods['llama-0']?.phase).toBe('Pending');
  });

  it('ignores a pod that is not bound to that node any more', () => {
    spec.given([...created(1), bound(0, 'gpu-node-02')]).when(preempt()).then([]);
    spec.given(created(1)).when(preempt()).then([]);
  });
});
