import { type DeploymentDto, type NodeDto, type PodDto } from '@keel/read-models';
import { simulate } from '@keel/scheduler-simulator';
import { toRunningPod, toSimNode } from './live-cluster';

const device = (index: number, mig: string[] = []) => ({
  index, model: 'A100-80GB', memoryMiB: 81920, mig, allocatedMilli: 0, allocatedMemoryMiB: 0, freeMilli: 1000, freeMemoryMiB: 81920, pods: [],
});
const node: NodeDto = {
  name: 'n1', zone: 'zone-a', labels: { rack: 'r1' }, taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }],
  cpuMilli: 64000, memoryMiB: 512000, allocatedCpuMilli: 0, allocatedMemoryMiB: 0, unschedulable: false, condition: 'Failed', conditionReason: 'lost',
  state: 'Active', podCount: 2, gpus: [device(0), device(1, ['3g.40gb', '3g.40gb'])], version: 1, updatedAt: '2024-01-01T00:00:00Z',
};
const request = { gpus: 1, gpuMilli: 500, gpuMemoryMiB: 20000, gpuModels: ['A100-80GB'], cpuMilli: 1000, memoryMiB: 2048, priority: 7 };
const pod = (name: string, devices: PodDto['devices']): PodDto => ({
  name, deployment: 'chat', ordinal: 1, stage: 0, revision: 1, phase: 'Bound', node: 'n1', gpuModel: 'A100-80GB', devices, request, priority: 7,
  pendingReason: null, version: 3, position: 42, updatedAt: '2024-01-01T00:00:00Z',
});
const deployment = {
  name: 'chat',
  spec: {
    model: 'm', runtime: 'vllm', labels: { app: 'chat' },
    template: { gpusPerReplica: 2, tensorParallel: 1, pipelineParallel: 2, acceptableGpuModels: ['A100-80GB'], cpuMilli: 1, memoryMiB: 1, maxContext: 1, maxConcurrentSequences: 1 },
    scheduling: { tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }] },
  },
} as unknown as DeploymentDto;

describe('live cluster as simulator input', () => {
  it('maps a node with hostname and zone labels, MIG layouts, and a failed node as unschedulable', () => {
    expect(toSimNode(node)).toEqual({
      name: 'n1', labels: { 'kubernetes.io/hostname': 'n1', 'topology.kubernetes.io/zone': 'zone-a', rack: 'r1' }, taints: node.taints, unschedulable: true,
      cpuMilli: 64000, memoryMiB: 512000, gpus: [{ model: 'A100-80GB', memoryMiB: 81920 }, { model: 'A100-80GB', memoryMiB: 81920, mig: ['3g.40gb', '3g.40gb'] }],
    });
  });

  it('maps a shared-GPU pod to the claimed devices, labels, constraints (no tolerationSeconds) and gang', () => {
    expect(toRunningPod(pod('chat-1-0', [{ index: 0, milli: 500, memoryMiB: 20000 }]), 'chat-1-0', node, deployment)).toEqual({
      name: 'chat-1-0', namespace: 'keel', labels: { app: 'chat', 'keel.dev/deployment': 'chat' }, priority: 7, cpuMilli: 1000, memoryMiB: 2048,
      gpu: { count: 1, milli: 500, memoryMiB: 20000 }, tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoExecute' }],
      gang: 'chat-1', startTime: 42, nodeName: 'n1', gpuIndices: [0],
    });
  });

  it('maps a MIG pod to its profile on the claimed device, and the simulator takes the slice', () => {
    const running = toRunningPod(pod('mig-0', [{ index: 1, milli: 0, memoryMiB: 40960, mig: 1 }]), 'mig-0', node, undefined);
    expect(running).toMatchObject({ gpu: { count: 1, migProfile: '3g.40gb' }, gpuIndices: [1], labels: { 'keel.dev/deployment': 'chat' } });
    const usable = { ...toSimNode(node), taints: [], unschedulable: false };
    const slice = (name: string) => ({ name, namespace: 'keel', gpu: { count: 1, migProfile: '3g.40gb' } });
    const output = simulate({ nodes: [usable], pods: [running, slice('a'), slice('b')] });
    expect(output.placements).toEqual([{ pod: 'a', node: 'n1', gpus: [1] }]);
    expect(output.unschedulable.map((u) => u.pod)).toEqual(['b']);
  });
});
