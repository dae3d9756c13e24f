import { type CreateDeploymentData } from './commands';
import { type DeploymentEvent, type PodCreated } from './events';
import { type FitVerdict } from './fit';
import { podRequest } from './pods';
import { type DeploymentSpec } from './types/spec';

/** A fit verdict over `gpus` where the listed ones fit. */
export function verdict(model: string, gpus: readonly string[], fitting: readonly string[], tp = 2, pp = 1): FitVerdict {
  return {
    model,
    tensorParallel: tp,
    pipelineParallel: pp,
    message: fitting.length > 0 ? `fits on ${fitting.join(', ')}` : 'Llama-2-70B fp16 needs 130.4 GiB of weights per replica; …',
    candidates: gpus.map((gpuModel) => ({ gpuModel, fits: fitting.includes(gpuModel), message: `${gpuModel}: arithmetic` })),
  };
}

/** Llama-2-70B on 2× A100-80GB or H100-80GB per replica, with the seeds' scheduling rules. */
export const llamaSpec: DeploymentSpec = {
  model: 'llama-2-70b',
  runtime: 'vllm',
  template: {
    gpusPerReplica: 2,
    tensorParallel: 2,
    pipelineParallel: 1,
    acceptableGpuModels: ['A100-80GB', 'H100-80GB'],
    cpuMilli: 8000,
    memoryMiB: 65_536,
    maxContext: 4096,
    maxConcurrentSequences: 4,
  },
  scheduling: {
    nodeSelector: { 'keel.dev/gpu': 'true' },
    tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
    affinity: {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { app: 'llama' } }, topologyKey: 'kubernetes.io/hostname' } },
        ],
      },
    },
    topologySpreadConstraints: [
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'llama' } } },
    ],
  },
  priority: 1000,
  labels: { app: 'llama' },
};

/** `CreateDeployment` data for `llama` with `replicas` and a verdict where every acceptable GPU fits. */
export function createLlama(replicas = 2, spec: DeploymentSpec = llamaSpec): CreateDeploymentData {
  const gpus = spec.template.acceptableGpuModels;
  return { name: 'llama', replicas, ...spec, fit: verdict(spec.model, gpus, gpus, spec.template.tensorParallel, spec.template.pipelineParallel) };
}

/** A pending pod of `llama` at `revision`. */
export function podCreated(replica: number, revision = 1, spec: DeploymentSpec = llamaSpec, stage = 0): PodCreated {
  const pod = stage === 0 ? `llama-${replica}` : `llama-${replica}-${stage}`;
  const request = podRequest(spec, spec.template.acceptableGpuModels);
  return { type: 'PodCreated', data: { deployment: 'llama', pod, replica, stage, revision, request } };
}

/** The events of creating `llama` with `replicas`. */
export function created(replicas = 2): DeploymentEvent[] {
  return [
    { type: 'DeploymentCreated', data: { name: 'llama', revision: 1, spec: llamaSpec, fittingGpuModels: ['A100-80GB', 'H100-80GB'], replicas } },
    ...Array.from({ length: replicas }, (_, i) => podCreated(i)),
  ];
}

/** `llama-<replica>` bound to `node` on devices 0 and 1. */
export function bound(replica: number, node = 'gpu-node-01'): DeploymentEvent {
  return {
    type: 'PodBound',
    data: {
      deployment: 'llama',
      pod: `llama-${replica}`,
      node,
      gpuModel: 'A100-80GB',
      devices: [0, 1].map((index) => ({ index, milli: 1000, memoryMiB: 81_920 })),
    },
  };
}
