import { type DeploymentSpec } from '@keel/deployment-domain';
import { type ModelFacts } from '@keel/model-domain';
import { type RegisterNodeData } from '@keel/node-domain';
import { type TestCluster } from './test-cluster';

/** Llama-2-70B fp16 (reference.md §4). */
export const llama70b: ModelFacts = {
  name: 'llama-2-70b', displayName: 'Llama-2-70B', parametersBillions: 70, dtype: 'fp16', layers: 80, attentionHeads: 64, kvHeads: 8, headDim: 128, maxContext: 4096,
};
/** Mistral-7B GPTQ, small enough to share a GPU. */
export const mistral7b: ModelFacts = {
  name: 'mistral-7b', displayName: 'Mistral-7B', parametersBillions: 7.2, dtype: 'gptq', layers: 32, attentionHeads: 32, kvHeads: 8, headDim: 128, maxContext: 32_768,
};

const a100 = { model: 'A100-80GB', memoryMiB: 81_920 };
const gpuTaint = [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' as const }];

/** Nodes: two 4× A100 nodes in two zones, a mixed H100 + L4 node, and an A100 split by MIG. */
export const scenarioNodes: readonly RegisterNodeData[] = [
  { name: 'gpu-node-01', zone: 'us-east-1a', labels: { 'keel.dev/gpu': 'true' }, taints: gpuTaint, cpuMilli: 64_000, memoryMiB: 524_288, devices: [a100, a100, a100, a100] },
  { name: 'gpu-node-02', zone: 'us-east-1b', labels: { 'keel.dev/gpu': 'true' }, taints: gpuTaint, cpuMilli: 64_000, memoryMiB: 524_288, devices: [a100, a100, a100, a100] },
  {
    name: 'gpu-node-03', zone: 'us-east-1a', labels: { 'keel.dev/gpu': 'true' }, cpuMilli: 96_000, memoryMiB: 786_432,
    devices: [{ model: 'H100-80GB', memoryMiB: 81_920 }, { model: 'H100-80GB', memoryMiB: 81_920 }, { model: 'L4', memoryMiB: 24_576 }],
  },
  { name: 'gpu-node-04', zone: 'us-east-1b', cpuMilli: 32_000, memoryMiB: 262_144, devices: [{ ...a100, mig: ['3g.40gb', '2g.20gb', '1g.10gb', '1g.10gb'] }] },
];

/** Llama-2-70B on two A100s or H100s per replica. */
export const llamaSpec: DeploymentSpec = {
  model: 'llama-2-70b', runtime: 'vllm', priority: 1000, labels: { app: 'llama' },
  template: { gpusPerReplica: 2, tensorParallel: 2, pipelineParallel: 1, acceptableGpuModels: ['A100-80GB', 'H100-80GB'], cpuMilli: 8000, memoryMiB: 65_536, maxContext: 4096, maxConcurrentSequences: 4 },
  scheduling: { nodeSelector: { 'keel.dev/gpu': 'true' }, tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }] },
};

/** Mistral-7B on half an A100 (time-sliced) with 20 GiB reserved. */
export const mistralSpec: DeploymentSpec = {
  model: 'mistral-7b', runtime: 'vllm', labels: { app: 'mistral' },
  template: { gpusPerReplica: 1, tensorParallel: 1, pipelineParallel: 1, acceptableGpuModels: ['A100-80GB'], gpuMilli: 500, gpuMemoryMiB: 20_480, cpuMilli: 2000, memoryMiB: 16_384, maxContext: 4096, maxConcurrentSequences: 4 },
};

const whole = (...indexes: number[]) => indexes.map((index) => ({ index, milli: 1000, memoryMiB: 81_920 }));
const half = (index: number) => [{ index, milli: 500, memoryMiB: 20_480 }];

/**
 * Registers models and nodes, creates and scales deployments, binds pods, drains a node, re-binds an
 * evicted pod, deletes a deployment, and touches every other node command on the way.
 */
export async function runScenario(cluster: TestCluster): Promise<void> {
  await cluster.registerModel(llama70b);
  await cluster.registerModel(mistral7b);
  for (const node of scenarioNodes) await cluster.registerNode(node);
  await cluster.createDeployment('llama', 2, llamaSpec);
  await cluster.createDeployment('mistral', 3, mistralSpec);
  await cluster.scale('llama', 3);
  await cluster.bind('llama', 'llama-0', 'gpu-node-01', 'A100-80GB', whole(0, 1));
  await cluster.bind('llama', 'llama-1', 'gpu-node-02', 'A100-80GB', whole(0, 1));
  await cluster.bind('mistral', 'mistral-0', 'gpu-node-01', 'A100-80GB', half(2));
  await cluster.bind('mistral', 'mistral-1', 'gpu-node-01', 'A100-80GB', half(2));
  await cluster.bind('mistral', 'mistral-2', 'gpu-node-02', 'A100-80GB', half(2));
  await cluster.node({ type: 'DrainNode', data: { name: 'gpu-node-01', reason: 'maintenance' } });
  await cluster.bind('llama', 'llama-0', 'gpu-node-03', 'H100-80GB', whole(0, 1));
  await cluster.bind('mistral', 'mistral-0', 'gpu-node-02', 'A100-80GB', half(2));
  await cluster.node({ type: 'UpdateNodeLabels', data: { name: 'gpu-node-02', labels: { 'keel.dev/gpu': 'true', rack: 'r7' } } });
  await cluster.node({ type: 'MarkNodeFailed', data: { name: 'gpu-node-04', reason: 'XID 79' } });
  await cluster.node({ type: 'RecoverNode', data: { name: 'gpu-node-04' } });
  await cluster.node({ type: 'CordonNode', data: { name: 'gpu-node-04' } });
  await cluster.scale('mistral', 4);
  await cluster.scale('mistral', 2);
  await cluster.createDeployment('scratch', 1, llamaSpec);
  await cluster.node({ type: 'UncordonNode', data: { name: 'gpu-node-01' } });
  await cluster.bind('scratch', 'scratch-0', 'gpu-node-01', 'A100-80GB', whole(0, 1));
  await cluster.deleteDeployment('scratch');
  await cluster.deprecateModel('mistral-7b', 'superseded');
}
