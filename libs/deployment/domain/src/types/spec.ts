import { type SchedulingConstraints } from './scheduling';

/** Inference runtimes Keel deploys. */
export type Runtime = 'vllm' | 'tgi' | 'llama.cpp' | 'text-generation-webui';

/** What each replica needs. A replica is `pipelineParallel` pods (one per node) of `tensorParallel` GPUs each. */
export interface ReplicaTemplate {
  /** Total GPUs per replica: tensorParallel × pipelineParallel, or 1 for a shared GPU. */
  readonly gpusPerReplica: number;
  readonly tensorParallel: number;
  /** Pipeline stages, i.e. nodes per replica. */
  readonly pipelineParallel: number;
  /** GPU models the replica may run on, most preferred first (catalogue names, e.g. `A100-80GB`). */
  readonly acceptableGpuModels: readonly string[];
  /** Milli-GPU per GPU; below 1000 the GPU is shared (time-sliced). Defaults to 1000. */
  readonly gpuMilli?: number;
  /** GPU memory reserved per GPU; required when the GPU is shared, the whole device otherwise. */
  readonly gpuMemoryMiB?: number;
  /** CPU and host memory per pod. */
  readonly cpuMilli: number;
  readonly memoryMiB: number;
  readonly maxContext: number;
  readonly maxConcurrentSequences: number;
}

/** Everything about a deployment except its name and replica count; a new one is a new revision. */
export interface DeploymentSpec {
  /** Name of a registered model. */
  readonly model: string;
  readonly runtime: Runtime;
  readonly template: ReplicaTemplate;
  readonly scheduling?: SchedulingConstraints;
  /** Pod priority (Kubernetes range: user values ≤ 1,000,000,000). Defaults to 0. */
  readonly priority?: number;
  /** Labels every pod carries, used by (anti-)affinity and spread selectors. */
  readonly labels?: Readonly<Record<string, string>>;
}
