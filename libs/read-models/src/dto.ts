import { type DeploymentSpec, type PodRequest } from '@keel/deployment-domain';

/** A page of a collection; `nextCursor` is null on the last page. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/** Keyset pagination: `limit` 1..1000 (default 100), `cursor` from the previous page's `nextCursor`. */
export interface PageRequest {
  readonly limit?: number;
  readonly cursor?: string;
}

/** A device claim of a bound pod. */
export interface DeviceClaimDto {
  readonly index: number;
  readonly milli: number;
  readonly memoryMiB: number;
  readonly mig?: number;
}

/** A pod's share of one GPU. */
export interface DevicePodDto {
  readonly pod: string;
  readonly deployment: string;
  readonly milli: number;
  readonly memoryMiB: number;
  readonly mig?: number;
}

/** One GPU of a node with its allocation. */
export interface GpuDeviceDto {
  readonly index: number;
  readonly model: string;
  readonly memoryMiB: number;
  readonly mig: readonly string[];
  readonly allocatedMilli: number;
  readonly allocatedMemoryMiB: number;
  readonly freeMilli: number;
  readonly freeMemoryMiB: number;
  readonly pods: readonly DevicePodDto[];
}

/** A node as `/v1/nodes` shows it. */
export interface NodeDto {
  readonly name: string;
  readonly zone: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly { readonly key: string; readonly value?: string; readonly effect: string }[];
  readonly cpuMilli: number;
  readonly memoryMiB: number;
  readonly allocatedCpuMilli: number;
  readonly allocatedMemoryMiB: number;
  readonly unschedulable: boolean;
  readonly condition: 'Ready' | 'Failed';
  readonly conditionReason: string | null;
  readonly state: 'Active' | 'Deregistered';
  readonly podCount: number;
  readonly gpus: readonly GpuDeviceDto[];
  readonly version: number;
  readonly updatedAt: string;
}

/** A model as `/v1/models` shows it. */
export interface ModelDto {
  readonly name: string;
  readonly displayName: string;
  readonly parametersBillions: number;
  readonly dtype: string;
  readonly layers: number;
  readonly attentionHeads: number;
  readonly kvHeads: number;
  readonly headDim: number;
  readonly maxContext: number;
  readonly architecture: string;
  readonly deprecated: boolean;
  readonly deprecationReason: string | null;
  readonly version: number;
  readonly updatedAt: string;
}

/** A deployment as `/v1/deployments` shows it. Scheduled replicas have every pod Bound. */
export interface DeploymentDto {
  readonly name: string;
  readonly model: string;
  readonly runtime: string;
  readonly revision: number;
  readonly spec: DeploymentSpec;
  readonly fittingGpuModels: readonly string[];
  readonly priority: number;
  readonly desiredReplicas: number;
  readonly scheduledReplicas: number;
  readonly pendingReplicas: number;
  readonly podCount: number;
  readonly boundPods: number;
  readonly deleted: boolean;
  readonly version: number;
  readonly updatedAt: string;
}

/** A pod as `/v1/pods` shows it. `ordinal` is its replica; `stage` its pipeline stage. */
export interface PodDto {
  readonly name: string;
  readonly deployment: string;
  readonly ordinal: number;
  readonly stage: number;
  readonly revision: number;
  readonly phase: 'Pending' | 'Bound';
  readonly node: string | null;
  readonly gpuModel: string | null;
  readonly devices: readonly DeviceClaimDto[];
  readonly request: PodRequest;
  readonly priority: number;
  readonly pendingReason: string | null;
  /** Deployment stream version and global position of the pod's last change. */
  readonly version: number;
  readonly position: number;
  readonly updatedAt: string;
}

/** Filters of `listPods`. */
export interface PodFilter extends PageRequest {
  readonly deployment?: string;
  readonly phase?: 'Pending' | 'Bound';
  readonly node?: string;
}

/** GPU capacity of one (GPU model, zone) on registered nodes. GPUs are fractional when shared (milli / 1000). */
export interface CapacityDto {
  readonly gpuModel: string;
  readonly zone: string;
  readonly nodes: number;
  readonly totalGpus: number;
  readonly allocatedGpus: number;
  readonly freeGpus: number;
  /** GPUs nothing is allocated on. */
  readonly idleGpus: number;
  /** GPUs on cordoned, drained or failed nodes (counted in total and free too). */
  readonly unschedulableGpus: number;
  readonly totalMemoryMiB: number;
  readonly allocatedMemoryMiB: number;
  readonly freeMemoryMiB: number;
}

/** Cluster capacity by GPU model and zone, with totals over all of them. */
export interface ClusterCapacityDto {
  readonly items: readonly CapacityDto[];
  readonly total: Omit<CapacityDto, 'gpuModel' | 'zone'>;
}
