import { type RegisterNodeData } from '@keel/node-domain';

/** GPU models of the example cluster, by catalogue name, with their memory. */
const GPUS = { 'A100-80GB': 81_920, A10G: 24_576, T4: 16_384 } as const;
type GpuModel = keyof typeof GPUS;

/** Host size of each kind of node (CPU in milli-cores, memory in MiB). */
const HOSTS: Record<GpuModel, { cpuMilli: number; memoryMiB: number }> = {
  'A100-80GB': { cpuMilli: 96_000, memoryMiB: 1_048_576 },
  A10G: { cpuMilli: 48_000, memoryMiB: 196_608 },
  T4: { cpuMilli: 48_000, memoryMiB: 196_608 },
};

/** Every GPU node carries this taint; LLM pods tolerate it. */
export const GPU_TAINT = { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' } as const;

/** The label LLM pods select GPU nodes by. */
export const GPU_NODE_LABEL = { 'nvidia.com/gpu.present': 'true' } as const;

function gpuNode(name: string, zone: string, model: GpuModel): RegisterNodeData {
  return {
    name,
    zone,
    labels: { ...GPU_NODE_LABEL, 'nvidia.com/gpu.product': model, 'nvidia.com/gpu.count': '4', 'nvidia.com/gpu.memory': String(GPUS[model]) },
    taints: [GPU_TAINT],
    ...HOSTS[model],
    devices: Array.from({ length: 4 }, () => ({ model, memoryMiB: GPUS[model] })),
  };
}

/** The product brief's example cluster, spread over two zones. */
export const DEMO_NODES: readonly RegisterNodeData[] = [
  gpuNode('gpu-node-01', 'us-east-1a', 'A100-80GB'),
  gpuNode('gpu-node-02', 'us-east-1b', 'A100-80GB'),
  gpuNode('gpu-node-03', 'us-east-1a', 'A10G'),
  gpuNode('gpu-node-04', 'us-east-1b', 'T4'),
  gpuNode('gpu-node-05', 'us-east-1a', 'A100-80GB'),
];

/** Nodes still being added: registered, then cordoned so nothing lands on them yet. */
export const NODES_BEING_ADDED: readonly string[] = ['gpu-node-05'];
