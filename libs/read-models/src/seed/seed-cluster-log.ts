import { decider as deployments, type DeploymentSpec } from '@keel/deployment-domain';
import { type PostgresEventStore } from '@keel/event-store';
import { checkFit, decider as models, type ModelFacts } from '@keel/model-domain';
import { decider as nodes } from '@keel/node-domain';
import { LogBuffer } from './log-buffer';

/** Shape of a synthetic log. */
export interface SeedOptions {
  /** Stop after at least this many events. */
  readonly events: number;
  /** 8× A100 nodes (default 500); two deployments share each node. */
  readonly nodes?: number;
  /** Events per multi-stream append (default 5000). */
  readonly appendBatch?: number;
}

const model: ModelFacts = {
  name: 'mistral-7b', displayName: 'Mistral-7B', parametersBillions: 7.2, dtype: 'gptq', layers: 32, attentionHeads: 32, kvHeads: 8, headDim: 128, maxContext: 32_768,
};
const spec: DeploymentSpec = {
  model: model.name, runtime: 'vllm',
  template: { gpusPerReplica: 1, tensorParallel: 1, pipelineParallel: 1, acceptableGpuModels: ['A100-80GB'], cpuMilli: 2000, memoryMiB: 16_384, maxContext: 4096, maxConcurrentSequences: 8 },
};
const REPLICAS = 4;

async function setUp(log: LogBuffer, nodeCount: number): Promise<void> {
  await log.run(models, `model-${model.name}`, { type: 'RegisterModel', data: model });
  const fit = checkFit({ ...model, displayName: model.displayName ?? model.name }, spec.template);
  for (let n = 0; n < nodeCount; n++) {
    const devices = Array.from({ length: 8 }, () => ({ model: 'A100-80GB', memoryMiB: 81_920 }));
    await log.run(nodes, `node-n${n}`, { type: 'RegisterNode', data: { name: `n${n}`, zone: `zone-${n % 3}`, cpuMilli: 128_000, memoryMiB: 1_048_576, devices } });
    for (const half of [0, 1]) {
      await log.run(deployments, `deployment-d${n}-${half}`, { type: 'CreateDeployment', data: { name: `d${n}-${half}`, replicas: 0, ...spec, fit } });
    }
  }
}

/** One round of a deployment: scale up, bind every pod on its half of its node, scale back to zero. */
async function round(log: LogBuffer, n: number, half: number): Promise<void> {
  const name = `d${n}-${half}`;
  await log.run(deployments, `deployment-${name}`, { type: 'ScaleDeployment', data: { name, replicas: REPLICAS } });
  for (let r = 0; r < REPLICAS; r++) {
    const pod = `${name}-${r}`;
    const devices = [{ index: half * REPLICAS + r, milli: 1000, memoryMiB: 81_920 }];
    await log.run(nodes, `node-n${n}`, { type: 'AssignPod', data: { node: `n${n}`, pod, deployment: name, devices, cpuMilli: 2000, memoryMiB: 16_384, gpuModel: 'A100-80GB' } });
    await log.run(deployments, `deployment-${name}`, { type: 'BindPod', data: { name, pod, node: `n${n}`, gpuModel: 'A100-80GB', devices } });
  }
  await log.run(deployments, `deployment-${name}`, { type: 'ScaleDeployment', data: { name, replicas: 0 } });
  for (let r = REPLICAS - 1; r >= 0; r--) await log.run(nodes, `node-n${n}`, { type: 'ReleasePod', data: { node: `n${n}`, deployment: name, pod: `${name}-${r}` } });
}

/**
 * Appends a synthetic but decider-valid log of at least `options.events` events: nodes, a model, and
 * deployments that repeatedly scale up, bind and scale down (22 events a round). For rebuild benchmarks.
 */
export async function seedClusterLog(store: PostgresEventStore, options: SeedOptions): Promise<number> {
  const nodeCount = options.nodes ?? 500;
  const log = new LogBuffer(store, options.appendBatch ?? 5000);
  await setUp(log, nodeCount);
  while (log.appended < options.events) {
    for (let n = 0; n < nodeCount && log.appended < options.events; n++) {
      await round(log, n, 0);
      await round(log, n, 1);
    }
    await log.flush();
  }
  await log.flush();
  return log.appended;
}
