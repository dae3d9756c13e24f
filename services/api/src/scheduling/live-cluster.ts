import { type SchedulingConstraints, type Toleration } from '@keel/deployment-domain';
import { type DeploymentDto, type NodeDto, type Page, type PageRequest, type PodDto, type ReadModelQueries } from '@keel/read-models';
import { DEPLOYMENT_LABEL, NAMESPACE } from '@keel/scheduler-application';

/** A node in the What-if CLI format (`keel simulate --input`). */
export interface SimNode {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly { readonly key: string; readonly value?: string; readonly effect: string }[];
  readonly unschedulable: boolean;
  readonly cpuMilli: number;
  readonly memoryMiB: number;
  readonly gpus: readonly { readonly model: string; readonly memoryMiB: number; readonly mig?: readonly string[] }[];
}

/** A running pod in the What-if CLI format: bound to `nodeName`, holding `gpuIndices`. */
export interface SimRunningPod extends Omit<SchedulingConstraints, 'tolerations'> {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly priority: number;
  readonly cpuMilli: number;
  readonly memoryMiB: number;
  readonly gpu?: { readonly count: number; readonly milli?: number; readonly memoryMiB?: number; readonly migProfile?: string };
  readonly tolerations?: readonly Omit<Toleration, 'tolerationSeconds'>[];
  readonly gang?: string;
  readonly startTime: number;
  readonly nodeName: string;
  readonly gpuIndices: readonly number[];
}

/** The live cluster as simulator input. */
export interface LiveCluster {
  readonly nodes: readonly SimNode[];
  readonly pods: readonly SimRunningPod[];
}

/**
 * Reads the live cluster from the read models: every active node and every Bound pod, dressed in its
 * deployment's labels and scheduling constraints the way the live scheduler sees it (`to-framework.ts`).
 * The three reads are not one snapshot: a pod whose node is not (or no longer) listed is left out.
 */
export async function readLiveCluster(queries: ReadModelQueries): Promise<LiveCluster> {
  const nodes = await readAll((page) => queries.listNodes(page));
  const pods = await readAll((page) => queries.listPods({ ...page, phase: 'Bound' }));
  const deployments = new Map((await readAll((page) => queries.listDeployments({ ...page, includeDeleted: true }))).map((d) => [d.name, d]));
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const names = new Set<string>();
  const running: SimRunningPod[] = [];
  for (const pod of pods) {
    const node = pod.node === null ? undefined : byName.get(pod.node);
    if (node === undefined) continue;
    // Pod names may repeat across deployments; the simulator needs them unique within the namespace.
    const name = names.has(pod.name) ? `${pod.deployment}/${pod.name}` : pod.name;
    names.add(name);
    running.push(toRunningPod(pod, name, node, deployments.get(pod.deployment)));
  }
  return { nodes: nodes.map(toSimNode), pods: running };
}

/** A node as the live scheduler sees it: hostname and zone labels; cordoned or failed = unschedulable. */
export function toSimNode(node: NodeDto): SimNode {
  return {
    name: node.name,
    labels: { 'kubernetes.io/hostname': node.name, 'topology.kubernetes.io/zone': node.zone, ...node.labels },
    taints: node.taints,
    unschedulable: node.unschedulable || node.condition !== 'Ready',
    cpuMilli: node.cpuMilli,
    memoryMiB: node.memoryMiB,
    gpus: node.gpus.map((g) => ({ model: g.model, memoryMiB: g.memoryMiB, ...(g.mig.length > 0 ? { mig: g.mig } : {}) })),
  };
}

/**
 * A Bound pod as a running pod. Its GPU share comes from the device claims the node recorded (the source
 * of truth for capacity), so the simulator takes exactly those devices (`gpuIndices`). A MIG pod takes a
 * free slice of its profile on each claimed device: the profile is exact, the slice position may differ.
 */
export function toRunningPod(pod: PodDto, name: string, node: NodeDto, deployment: DeploymentDto | undefined): SimRunningPod {
  const plain = pod.devices.filter((c) => c.mig === undefined);
  const mig = pod.devices.filter((c) => c.mig !== undefined);
  const first = plain[0];
  const migProfile = mig[0] === undefined ? undefined : node.gpus.find((g) => g.index === mig[0]?.index)?.mig[mig[0].mig ?? 0];
  const gpu = first !== undefined
    ? { count: plain.length, milli: first.milli, memoryMiB: first.memoryMiB }
    : migProfile !== undefined ? { count: mig.length, migProfile } : undefined;
  const scheduling = deployment?.spec.scheduling ?? {};
  return {
    name,
    namespace: NAMESPACE,
    labels: { ...deployment?.spec.labels, [DEPLOYMENT_LABEL]: pod.deployment },
    priority: pod.priority,
    cpuMilli: pod.request.cpuMilli,
    memoryMiB: pod.request.memoryMiB,
    ...(gpu === undefined ? {} : { gpu }),
    ...(scheduling.nodeSelector ? { nodeSelector: scheduling.nodeSelector } : {}),
    ...(scheduling.tolerations ? { tolerations: scheduling.tolerations.map(({ tolerationSeconds: _s, ...t }) => t) } : {}),
    ...(scheduling.affinity ? { affinity: scheduling.affinity } : {}),
    ...(scheduling.topologySpreadConstraints ? { topologySpreadConstraints: scheduling.topologySpreadConstraints } : {}),
    ...((deployment?.spec.template.pipelineParallel ?? 1) > 1 ? { gang: `${pod.deployment}-${pod.ordinal}` } : {}),
    startTime: pod.position,
    nodeName: node.name,
    gpuIndices: (first !== undefined ? plain : mig).map((c) => c.index),
  };
}

/** Every item of a paginated read, 1000 at a time. */
async function readAll<T>(read: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read({ limit: 1000, ...(cursor === undefined ? {} : { cursor }) });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return items;
}
