import { type NodeRegistered, type PodAssigned } from './events';
import { type RegisterNodeData } from './commands';

/** gpu-node-01 from the product brief: 4× A100 80GB, GPU taint, zone a. */
export const gpuNode01: RegisterNodeData = {
  name: 'gpu-node-01',
  zone: 'us-east-1a',
  labels: { 'keel.dev/gpu': 'a100' },
  taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }],
  cpuMilli: 64_000,
  memoryMiB: 512 * 1024,
  devices: [0, 1, 2, 3].map(() => ({ model: 'A100-80GB', memoryMiB: 81_920 })),
};

/** The `NodeRegistered` event for {@link gpuNode01} (or a variant). */
export function registered(data: RegisterNodeData = gpuNode01): NodeRegistered {
  return {
    type: 'NodeRegistered',
    data: {
      name: data.name,
      zone: data.zone,
      labels: data.labels ?? {},
      taints: data.taints ?? [],
      cpuMilli: data.cpuMilli,
      memoryMiB: data.memoryMiB,
      devices: data.devices.map((d, index) => ({ index, ...d })),
    },
  };
}

/** A `PodAssigned` on gpu-node-01 holding whole devices. */
export function assigned(pod: string, devices: readonly number[], node = 'gpu-node-01'): PodAssigned {
  return {
    type: 'PodAssigned',
    data: {
      node,
      pod,
      deployment: pod.replace(/-\d+$/, ''),
      devices: devices.map((index) => ({ index, milli: 1000, memoryMiB: 81_920 })),
      cpuMilli: 4000,
      memoryMiB: 32_768,
    },
  };
}
