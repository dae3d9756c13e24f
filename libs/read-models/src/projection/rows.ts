/** Rows of the `read` schema as projectors hold them in memory (column names as keys, see the migration). */

/** Common bookkeeping of every root row: the last applied event of its stream. */
export interface Stamped {
  /** Stream version of the last applied event. */
  version: number;
  /** Global position of the last applied event. */
  position: number;
  /**
   * `recordedAt` of the last applied event: Postgres' text when loaded, the event's Date once applied (JSON
   * writes it as ISO-8601 when the row is saved, so a view changed by many events formats it once).
   */
  updated_at: string | Date;
}

/** A `read.nodes` row. */
export interface NodeRow extends Stamped {
  name: string;
  zone: string;
  labels: Record<string, string>;
  taints: unknown[];
  cpu_milli: number;
  memory_mib: number;
  allocated_cpu_milli: number;
  allocated_memory_mib: number;
  gpu_count: number;
  pod_count: number;
  unschedulable: boolean;
  condition: 'Ready' | 'Failed';
  condition_reason: string | null;
  state: 'Active' | 'Deregistered';
}

/** One pod's claim on a device, as kept in `read.gpu_devices.pods`. */
export interface DevicePodClaim {
  pod: string;
  deployment: string;
  milli: number;
  memoryMiB: number;
  mig?: number;
}

/** A `read.gpu_devices` row. */
export interface GpuDeviceRow {
  node: string;
  device_index: number;
  model: string;
  memory_mib: number;
  mig: string[];
  allocated_milli: number;
  allocated_memory_mib: number;
  pods: DevicePodClaim[];
}

/** A device claim as node and deployment events carry it. */
export interface ClaimJson {
  index: number;
  milli: number;
  memoryMiB: number;
  mig?: number;
}

/** A `read.pod_allocations` row. */
export interface PodAllocationRow {
  node: string;
  pod: string;
  deployment: string;
  devices: ClaimJson[];
  cpu_milli: number;
  memory_mib: number;
}

/** A `read.models` row. */
export interface ModelRow extends Stamped {
  name: string;
  display_name: string;
  parameters_billions: number;
  dtype: string;
  layers: number;
  attention_heads: number;
  kv_heads: number;
  head_dim: number;
  max_context: number;
  architecture: string;
  deprecated: boolean;
  deprecation_reason: string | null;
}

/** A `read.deployments` row. */
export interface DeploymentRow extends Stamped {
  name: string;
  model: string;
  runtime: string;
  revision: number;
  spec: unknown;
  fitting_gpu_models: string[];
  priority: number;
  desired_replicas: number;
  scheduled_replicas: number;
  pending_replicas: number;
  pod_count: number;
  bound_pods: number;
  deleted: boolean;
}

/** A `read.pods` row. */
export interface PodRow extends Stamped {
  deployment: string;
  name: string;
  ordinal: number;
  stage: number;
  revision: number;
  phase: 'Pending' | 'Bound';
  node: string | null;
  gpu_model: string | null;
  devices: ClaimJson[];
  request: unknown;
  priority: number;
  pending_reason: string | null;
}
