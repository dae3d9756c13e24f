import { type RecordedEvent } from '@keel/event-store';
import { type DeploymentEvent } from '@keel/deployment-domain';
import { applyDeploymentEvent } from './apply-deployment-event';
import { type DeploymentView } from './deployment-view';

const request = { gpus: 1, gpuMilli: 1000, gpuModels: ['A100-80GB'], cpuMilli: 1000, memoryMiB: 1024, priority: 0 };
const spec = {
  model: 'm',
  runtime: 'vllm' as const,
  template: { gpusPerReplica: 1, tensorParallel: 1, pipelineParallel: 1, acceptableGpuModels: ['A100-80GB'], cpuMilli: 1000, memoryMiB: 1024, maxContext: 1, maxConcurrentSequences: 1 },
};
const ref = { deployment: 'web', pod: 'web-0' };

function project(events: readonly DeploymentEvent[]): DeploymentView | undefined {
  return events.reduce<DeploymentView | undefined>((view, event, i) => {
    const recorded = { ...event, streamId: 'deployment-web', streamVersion: i + 1, globalPosition: i + 1, recordedAt: new Date(0) } as unknown as RecordedEvent;
    return applyDeploymentEvent(view, recorded);
  }, undefined);
}

const history: DeploymentEvent[] = [
  { type: 'DeploymentCreated', data: { name: 'web', revision: 1, spec, fittingGpuModels: ['A100-80GB'], replicas: 1 } },
  { type: 'PodCreated', data: { ...ref, replica: 0, stage: 0, revision: 1, request } },
];
const unschedulable: DeploymentEvent = { type: 'PodUnschedulable', data: { ...ref, message: '0/1 nodes are available: 1 Insufficient nvidia.com/gpu.', reasons: { 'Insufficient nvidia.com/gpu': 1 } } };
const bound: DeploymentEvent = { type: 'PodBound', data: { ...ref, node: 'n1', gpuModel: 'A100-80GB', devices: [{ index: 0, milli: 1000, memoryMiB: 81_920 }] } };

describe('the deployment projection of scheduler decisions', () => {
  it('shows the Kubernetes-form message of PodUnschedulable as the pending reason', () => {
    const pod = project([...history, unschedulable])?.pods.get('web-0');
    expect(pod?.pending_reason).toBe('0/1 nodes are available: 1 Insufficient nvidia.com/gpu.');
    expect(pod?.version).toBe(3);
  });

  it('clears the reason on bind and leaves it cleared after PodScheduled', () => {
    const scheduled: DeploymentEvent = { type: 'PodScheduled', data: { ...ref, node: 'n1', devices: [0], candidates: [] } };
    const pod = project([...history, unschedulable, bound, scheduled])?.pods.get('web-0');
    expect(pod).toMatchObject({ phase: 'Bound', node: 'n1', pending_reason: null, version: 4 });
  });

  it('says who preempted a pod and why', () => {
    const evicted: DeploymentEvent = { type: 'PodEvicted', data: { ...ref, node: 'n1', reason: 'preempted by vip/vip-0' } };
    const preempted: DeploymentEvent = { type: 'PodPreempted', data: { ...ref, by: 'vip/vip-0', node: 'n1', reason: 'priority 10 > 0' } };
    const pod = project([...history, bound, evicted, preempted])?.pods.get('web-0');
    expect(pod).toMatchObject({ phase: 'Pending', node: null, pending_reason: 'preempted by vip/vip-0 on n1: priority 10 > 0' });
  });
});
