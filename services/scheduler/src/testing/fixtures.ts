import { type DeploymentSpec } from '@keel/deployment-domain';
import { type ModelFacts } from '@keel/model-domain';
import { type RegisterNodeData } from '@keel/node-domain';

/** Mistral-7B fp16: fits one A100-80GB. */
export const mistral7b: ModelFacts = { name: 'mistral-7b', displayName: 'Mistral-7B', parametersBillions: 7.2, dtype: 'fp16', layers: 32, attentionHeads: 32, kvHeads: 8, headDim: 128, maxContext: 8192 };

/** A node with `gpus` A100-80GB devices and the GPU taint, in `zone`. */
export function gpuNode(name: string, gpus = 4, zone = 'zone-a', tainted = true): RegisterNodeData {
  return {
    name,
    zone,
    labels: { 'nvidia.com/gpu.product': 'A100-80GB' },
    taints: tainted ? [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }] : [],
    cpuMilli: 64_000,
    memoryMiB: 512_000,
    devices: Array.from({ length: gpus }, () => ({ model: 'A100-80GB', memoryMiB: 81_920 })),
  };
}

/** A deployment of Mistral-7B on `gpus` whole A100s per pod, tolerating the GPU taint. */
export function mistralSpec(options: { gpus?: number; priority?: number; tolerate?: boolean } = {}): DeploymentSpec {
  const gpus = options.gpus ?? 1;
  return {
    model: 'mistral-7b',
    runtime: 'vllm',
    priority: options.priority ?? 0,
    template: { gpusPerReplica: gpus, tensorParallel: gpus, pipelineParallel: 1, acceptableGpuModels: ['A100-80GB'], cpuMilli: 8000, memoryMiB: 65_536, maxContext: 4096, maxConcurrentSequences: 8 },
    ...(options.tolerate === false ? {} : { scheduling: { tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }] } }),
  };
}
