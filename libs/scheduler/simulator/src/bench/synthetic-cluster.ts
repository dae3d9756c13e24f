import { type NodeSpec, type PodSpec } from '@keel/scheduler-framework';

/** Zones and GPU models the synthetic cluster cycles through. */
export const ZONES = 8;
const MODELS = ['H100', 'A100', 'L4'] as const;

/** `nodes` identical-size nodes with hostname, zone and GPU-model labels. */
export function syntheticNodes(nodes: number, gpusPerNode: number): NodeSpec[] {
  return Array.from({ length: nodes }, (_, i) => {
    const name = `node-${String(i).padStart(5, '0')}`;
    const model = MODELS[i % MODELS.length] ?? 'H100';
    return {
      name,
      labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': `zone-${i % ZONES}`, 'nvidia.com/gpu.product': model },
      cpuMilli: 16000 * gpusPerNode,
      memoryMiB: 131072 * gpusPerNode,
      gpus: Array.from({ length: gpusPerNode }, () => ({ model, memoryMiB: 81920 })),
    };
  });
}

/** A plain one-GPU inference pod. */
export function plainPod(i: number): PodSpec {
  return { name: `plain-${i}`, namespace: 'bench', labels: { app: `plain-${i % 100}` }, priority: 0, cpuMilli: 4000, memoryMiB: 16384, gpu: { count: 1 } };
}

/**
 * A constrained replica: required anti-affinity by hostname and zone spread (maxSkew 1) against its
 * own service, and required node affinity to H100/A100 nodes.
 */
export function constrainedPod(i: number, services: number): PodSpec {
  const app = `svc-${i % services}`;
  const selector = { matchLabels: { app } };
  return {
    name: `constrained-${i}`,
    namespace: 'bench',
    labels: { app },
    priority: 0,
    cpuMilli: 4000,
    memoryMiB: 16384,
    gpu: { count: 1 },
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'nvidia.com/gpu.product', operator: 'In', values: ['H100', 'A100'] }] }],
        },
      },
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: selector, topologyKey: 'kubernetes.io/hostname' }] },
    },
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: selector }],
  };
}
