import { type ActiveDeployment, type Pod } from '@keel/deployment-domain';
import { type ActiveNode, isSchedulable, type PodAllocation } from '@keel/node-domain';
import { type GpuDeviceSpec, type GpuRequest, type NodeSpec, type PodSpec } from '@keel/scheduler-framework';

/** Every Keel pod lives in one namespace, so (anti-)affinity and spread selectors see across deployments. */
export const NAMESPACE = 'keel';
/** Label every pod carries naming its deployment. */
export const DEPLOYMENT_LABEL = 'keel.dev/deployment';

/** A node as the framework sees it: hostname and zone labels added, cordoned or failed = unschedulable. */
export function toNodeSpec(node: ActiveNode): NodeSpec {
  const migTaken = takenMigInstances(node);
  const gpus: GpuDeviceSpec[] = node.devices.map((d) => {
    if (!d.mig || d.mig.length === 0) return { model: d.model, memoryMiB: d.memoryMiB };
    return { model: d.model, memoryMiB: d.memoryMiB, mig: d.mig, migUsed: d.mig.map((_, i) => migTaken.has(`${d.index}:${i}`)) };
  });
  return {
    name: node.name,
    labels: { 'kubernetes.io/hostname': node.name, 'topology.kubernetes.io/zone': node.zone, ...node.labels },
    taints: node.taints,
    unschedulable: !isSchedulable(node),
    cpuMilli: node.cpuMilli,
    memoryMiB: node.memoryMiB,
    gpus,
  };
}

function takenMigInstances(node: ActiveNode): Set<string> {
  const taken = new Set<string>();
  for (const pod of Object.values(node.pods)) for (const c of pod.devices) if (c.mig !== undefined) taken.add(`${c.index}:${c.mig}`);
  return taken;
}

/** GPU models a pod accepts, split into plain models and (for `A100-80GB:1g.10gb` entries) a MIG profile. */
export function gpuRequestOf(pod: Pod): GpuRequest {
  const { request } = pod;
  const mig = request.gpuModels.find((m) => m.includes(':'));
  if (mig !== undefined) {
    const profile = mig.slice(mig.indexOf(':') + 1);
    const models = request.gpuModels.filter((m) => m.endsWith(`:${profile}`)).map((m) => m.slice(0, m.indexOf(':')));
    return { count: request.gpus, models, migProfile: profile };
  }
  return {
    count: request.gpus,
    milli: request.gpuMilli,
    models: request.gpuModels,
    ...(request.gpuMemoryMiB === undefined ? {} : { memoryMiB: request.gpuMemoryMiB }),
  };
}

/**
 * The framework's pod name for a deployment's pod: the pod name, or `deployment/pod` where another
 * deployment has a pod of the same name (`a-1` replica 1 and `a` replica 1 stage 1 are both `a-1-1`),
 * since the framework keys pods by namespace and name and every Keel pod is in one namespace.
 */
export function frameworkPodName(deployment: string, pod: string, ambiguous: ReadonlySet<string>): string {
  return ambiguous.has(pod) ? `${deployment}/${pod}` : pod;
}

/** The framework's pod for a deployment's pod: its request, the spec's constraints and labels, its gang. */
export function toPodSpec(deployment: ActiveDeployment, pod: Pod, creationOrder: number, name = pod.name): PodSpec {
  const scheduling = deployment.spec.scheduling ?? {};
  const gang = deployment.spec.template.pipelineParallel > 1 ? `${deployment.name}-${pod.replica}` : undefined;
  return {
    name,
    namespace: NAMESPACE,
    labels: { ...deployment.spec.labels, [DEPLOYMENT_LABEL]: deployment.name },
    priority: pod.request.priority,
    cpuMilli: pod.request.cpuMilli,
    memoryMiB: pod.request.memoryMiB,
    gpu: gpuRequestOf(pod),
    ...(scheduling.nodeSelector ? { nodeSelector: scheduling.nodeSelector } : {}),
    ...(scheduling.tolerations ? { tolerations: scheduling.tolerations } : {}),
    ...(scheduling.affinity ? { affinity: scheduling.affinity } : {}),
    ...(scheduling.topologySpreadConstraints ? { topologySpreadConstraints: scheduling.topologySpreadConstraints } : {}),
    ...(gang === undefined ? {} : { gang }),
    startTime: creationOrder,
  };
}

/**
 * What a bound pod holds, as the node stream recorded it (the source of truth for capacity), dressed
 * in its deployment's labels and constraints when the view knows them.
 */
export function toPlacedSpec(allocation: PodAllocation, known: PodSpec | undefined, name = allocation.pod): PodSpec {
  const plain = allocation.devices.filter((c) => c.mig === undefined);
  const first = plain[0];
  const gpu: GpuRequest | undefined = first === undefined ? undefined : { count: plain.length, milli: first.milli, memoryMiB: first.memoryMiB };
  const base: PodSpec = known ?? { name, namespace: NAMESPACE, labels: { [DEPLOYMENT_LABEL]: allocation.deployment }, priority: Number.MAX_SAFE_INTEGER, cpuMilli: 0, memoryMiB: 0 };
  const { gpu: _requested, ...rest } = base;
  return { ...rest, cpuMilli: allocation.cpuMilli, memoryMiB: allocation.memoryMiB, ...(gpu === undefined ? {} : { gpu }) };
}
