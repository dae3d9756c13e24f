import { type CreateDeploymentData, type DeploymentSpec, type ReplicaTemplate } from '@keel/deployment-domain';
import { GPU_NODE_LABEL, GPU_TAINT } from './cluster';

/** A deployment as the API takes it: Keel computes the fit verdict itself. */
export type DeploymentRequest = Omit<CreateDeploymentData, 'fit'>;

/** The seeds' scheduling rules: GPU nodes only, spread over zones with maxSkew 1, replicas apart. */
function seedsScheduling(app: string): DeploymentSpec['scheduling'] {
  const selector = { matchLabels: { app } };
  return {
    nodeSelector: { ...GPU_NODE_LABEL },
    tolerations: [{ key: GPU_TAINT.key, operator: 'Equal', value: GPU_TAINT.value, effect: GPU_TAINT.effect }],
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector }],
    affinity: {
      podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: selector, topologyKey: 'kubernetes.io/hostname' } }] },
    },
  };
}

type Shape = Pick<ReplicaTemplate, 'tensorParallel' | 'acceptableGpuModels' | 'maxContext' | 'maxConcurrentSequences'> & Partial<ReplicaTemplate>;

function deployment(name: string, model: string, runtime: DeploymentSpec['runtime'], replicas: number, priority: number, shape: Shape): DeploymentRequest {
  const template: ReplicaTemplate = { gpusPerReplica: shape.tensorParallel, pipelineParallel: 1, cpuMilli: 8000, memoryMiB: 65_536, ...shape };
  return { name, model, runtime, replicas, priority, template, scheduling: seedsScheduling(name), labels: { app: name, 'keel.dev/workload': 'llm' } };
}

/**
 * Deployments following the seeds' rules, sized by the fit check (reference.md §4). `llama-2-70b-1gpu`
 * is there to be refused: FP16 Llama-2-70B cannot fit one A100, and the 422 shows the arithmetic.
 */
export const DEMO_DEPLOYMENTS: readonly DeploymentRequest[] = [
  deployment('llama-2-70b-gptq', 'llama-2-70b-gptq', 'vllm', 2, 1000, { tensorParallel: 1, acceptableGpuModels: ['A100-80GB'], maxContext: 4096, maxConcurrentSequences: 16 }),
  deployment('llama-2-70b', 'llama-2-70b', 'vllm', 1, 1000, { tensorParallel: 4, acceptableGpuModels: ['A100-80GB'], maxContext: 4096, maxConcurrentSequences: 32, cpuMilli: 32_000, memoryMiB: 262_144 }),
  deployment('llama-2-70b-1gpu', 'llama-2-70b', 'vllm', 1, 1000, { tensorParallel: 1, acceptableGpuModels: ['A100-80GB'], maxContext: 4096, maxConcurrentSequences: 8 }),
  deployment('mistral-7b', 'mistral-7b', 'vllm', 2, 800, { tensorParallel: 1, acceptableGpuModels: ['A10G', 'A100-80GB'], maxContext: 4096, maxConcurrentSequences: 4 }),
  // GPU time-slicing: four pods share one A100, 20 GiB each.
  deployment('mistral-7b-gptq-shared', 'mistral-7b-gptq', 'tgi', 4, 500, { tensorParallel: 1, acceptableGpuModels: ['A100-80GB'], maxContext: 8192, maxConcurrentSequences: 8, gpuMilli: 250, gpuMemoryMiB: 20_480 }),
  deployment('mistral-7b-gguf', 'mistral-7b-gguf-q4', 'llama.cpp', 1, 500, { tensorParallel: 1, acceptableGpuModels: ['T4'], maxContext: 8192, maxConcurrentSequences: 4, memoryMiB: 16_384 }),
  deployment('phi-3-mini', 'phi-3-mini-128k', 'text-generation-webui', 2, 500, { tensorParallel: 1, acceptableGpuModels: ['T4', 'A10G'], maxContext: 4096, maxConcurrentSequences: 1, memoryMiB: 16_384 }),
];
