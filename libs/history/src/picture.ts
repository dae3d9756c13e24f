import { type ActiveDeployment } from '@keel/deployment-domain';
import { type ActiveNode, compareBoundPods, type GpuDevice } from '@keel/node-domain';
import { type ClusterStreams } from './cluster-fold';

/** A pod's share of one GPU. */
export interface GpuShare {
  readonly pod: string;
  readonly deployment: string;
  readonly milli: number;
  readonly memoryMiB: number;
  readonly mig?: number;
}

/** One GPU of a node and the pods holding it. */
export interface GpuPicture {
  readonly index: number;
  readonly model: string;
  readonly memoryMiB: number;
  readonly allocatedMilli: number;
  readonly allocatedMemoryMiB: number;
  readonly pods: readonly GpuShare[];
}

/** A registered node as it was. */
export interface NodePicture {
  readonly name: string;
  readonly zone: string;
  readonly cordoned: boolean;
  readonly condition: 'Ready' | 'Failed';
  readonly gpus: readonly GpuPicture[];
  /** Names of the pods bound to the node. */
  readonly pods: readonly string[];
}

/** A live deployment as it was. */
export interface DeploymentPicture {
  readonly name: string;
  readonly model: string;
  readonly revision: number;
  readonly replicas: number;
  readonly pods: number;
  readonly boundPods: number;
  readonly pendingPods: number;
}

/** A pod of a live deployment as it was. */
export interface PodPicture {
  readonly name: string;
  readonly deployment: string;
  readonly replica: number;
  readonly stage: number;
  readonly revision: number;
  readonly phase: 'Pending' | 'Bound';
  readonly node: string | null;
  readonly gpuModel: string | null;
  /** Device indexes held on `node`. */
  readonly devices: readonly number[];
}

/** The cluster at one point of the log, rebuilt from events. */
export interface ClusterPicture {
  readonly asOf: {
    /** Global position of the last event included (0 for the empty log). */
    readonly position: number;
    /** Checkpoint of the last event included. */
    readonly checkpoint: string;
    /** Time of the last event included, or null when none was. */
    readonly time: string | null;
    /** Number of events folded. */
    readonly events: number;
  };
  readonly nodes: readonly NodePicture[];
  readonly deployments: readonly DeploymentPicture[];
  readonly pods: readonly PodPicture[];
}

const byName = <T extends { readonly name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function gpuPicture(node: ActiveNode, device: GpuDevice): GpuPicture {
  const pods = Object.values(node.pods)
    .flatMap((allocation) =>
      allocation.devices
        .filter((claim) => claim.index === device.index)
        .map((claim): GpuShare => ({ pod: allocation.pod, deployment: allocation.deployment, milli: claim.milli, memoryMiB: claim.memoryMiB, ...(claim.mig === undefined ? {} : { mig: claim.mig }) })),
    )
    .sort(compareBoundPods);
  const sum = (key: 'milli' | 'memoryMiB') => pods.reduce((total, share) => total + share[key], 0);
  return { index: device.index, model: device.model, memoryMiB: device.memoryMiB, allocatedMilli: sum('milli'), allocatedMemoryMiB: sum('memoryMiB'), pods };
}

function nodePicture(node: ActiveNode): NodePicture {
  return {
    name: node.name,
    zone: node.zone,
    cordoned: node.unschedulable,
    condition: node.condition,
    gpus: node.devices.map((device) => gpuPicture(node, device)),
    pods: Object.values(node.pods)
      .map((allocation) => allocation.pod)
      .sort(),
  };
}

function deploymentPicture(deployment: ActiveDeployment): DeploymentPicture {
  const pods = Object.values(deployment.pods);
  const bound = pods.filter((pod) => pod.phase === 'Bound').length;
  return { name: deployment.name, model: deployment.spec.model, revision: deployment.revision, replicas: deployment.replicas, pods: pods.length, boundPods: bound, pendingPods: pods.length - bound };
}

function podPictures(deployment: ActiveDeployment): PodPicture[] {
  return Object.values(deployment.pods).map((pod) => ({
    name: pod.name,
    deployment: deployment.name,
    replica: pod.replica,
    stage: pod.stage,
    revision: pod.revision,
    phase: pod.phase,
    node: pod.placement?.node ?? null,
    gpuModel: pod.placement?.gpuModel ?? null,
    devices: pod.placement?.devices.map((claim) => claim.index) ?? [],
  }));
}

/** The picture of folded streams: active nodes, live deployments and their pods, sorted by name. */
export function clusterPicture(streams: ClusterStreams): ClusterPicture {
  const nodes = [...streams.nodes.values()].flatMap((state) => (state.status === 'Active' ? [nodePicture(state)] : []));
  const live = [...streams.deployments.values()].flatMap((state) => (state.status === 'Active' ? [state] : []));
  const pods = live.flatMap(podPictures).sort((a, b) => byName({ name: `${a.deployment}/${a.name}` }, { name: `${b.deployment}/${b.name}` }));
  return {
    asOf: { position: streams.position, checkpoint: streams.checkpoint, time: streams.time, events: streams.events },
    nodes: nodes.sort(byName),
    deployments: live.map(deploymentPicture).sort(byName),
    pods,
  };
}
