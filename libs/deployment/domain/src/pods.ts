import { type PodCreated, type PodRemoved } from './events';
import { type ActiveDeployment } from './state';
import { type Pod, type PodRequest } from './types/pod';
import { type DeploymentSpec } from './types/spec';

/**
 * Pod name as LeaderWorkerSet names them: stage 0 of replica r is `<deployment>-<r>`,
 * later pipeline stages are `<deployment>-<r>-<stage>`.
 */
export function podName(deployment: string, replica: number, stage: number): string {
  return stage === 0 ? `${deployment}-${replica}` : `${deployment}-${replica}-${stage}`;
}

/** What each pod of a revision asks for. */
export function podRequest(spec: DeploymentSpec, fittingGpuModels: readonly string[]): PodRequest {
  const { template } = spec;
  return {
    gpus: template.tensorParallel,
    gpuMilli: template.gpuMilli ?? 1000,
    ...(template.gpuMemoryMiB === undefined ? {} : { gpuMemoryMiB: template.gpuMemoryMiB }),
    gpuModels: fittingGpuModels,
    cpuMilli: template.cpuMilli,
    memoryMiB: template.memoryMiB,
    priority: spec.priority ?? 0,
  };
}

interface Revision {
  readonly name: string;
  readonly revision: number;
  readonly spec: DeploymentSpec;
  readonly fittingGpuModels: readonly string[];
}

/** Pending pods for replicas `from` (inclusive) to `to` (exclusive), every pipeline stage of each. */
export function createPods(deployment: Revision, from: number, to: number): PodCreated[] {
  const request = podRequest(deployment.spec, deployment.fittingGpuModels);
  const stages = deployment.spec.template.pipelineParallel;
  const events: PodCreated[] = [];
  for (let replica = from; replica < to; replica++) {
    for (let stage = 0; stage < stages; stage++) {
      const pod = podName(deployment.name, replica, stage);
      events.push({ type: 'PodCreated', data: { deployment: deployment.name, pod, replica, stage, revision: deployment.revision, request } });
    }
  }
  return events;
}

/** Remove every pod of replica `keep` and above, highest replica (and stage) first. */
export function removePodsFrom(deployment: ActiveDeployment, keep: number): PodRemoved[] {
  const doomed = Object.values(deployment.pods)
    .filter((pod) => pod.replica >= keep)
    .sort((a, b) => b.replica - a.replica || b.stage - a.stage);
  return doomed.map((pod: Pod) => ({
    type: 'PodRemoved',
    data: { deployment: deployment.name, pod: pod.name, ...(pod.placement ? { node: pod.placement.node } : {}) },
  }));
}
