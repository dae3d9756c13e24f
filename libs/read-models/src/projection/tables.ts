/** Column lists of the `read` tables (name → SQL type), used to build set-based writes. */
export interface TableShape {
  readonly table: string;
  readonly key: readonly string[];
  readonly columns: Readonly<Record<string, string>>;
}

const stamp = { version: 'integer', position: 'bigint', updated_at: 'timestamptz' };

/** `read.nodes`. */
export const NODES: TableShape = {
  table: 'read.nodes',
  key: ['name'],
  columns: {
    name: 'text', zone: 'text', labels: 'jsonb', taints: 'jsonb', cpu_milli: 'integer', memory_mib: 'integer',
    allocated_cpu_milli: 'integer', allocated_memory_mib: 'integer', gpu_count: 'integer', pod_count: 'integer',
    unschedulable: 'boolean', condition: 'text', condition_reason: 'text', state: 'text', ...stamp,
  },
};

/** `read.gpu_devices`. */
export const GPU_DEVICES: TableShape = {
  table: 'read.gpu_devices',
  key: ['node', 'device_index'],
  columns: {
    node: 'text', device_index: 'integer', model: 'text', memory_mib: 'integer', mig: 'jsonb',
    allocated_milli: 'integer', allocated_memory_mib: 'integer', pods: 'jsonb',
  },
};

/** `read.pod_allocations`. */
export const POD_ALLOCATIONS: TableShape = {
  table: 'read.pod_allocations',
  key: ['node', 'pod'],
  columns: { node: 'text', pod: 'text', deployment: 'text', devices: 'jsonb', cpu_milli: 'integer', memory_mib: 'integer' },
};

/** `read.models`. */
export const MODELS: TableShape = {
  table: 'read.models',
  key: ['name'],
  columns: {
    name: 'text', display_name: 'text', parameters_billions: 'double precision', dtype: 'text', layers: 'integer',
    attention_heads: 'integer', kv_heads: 'integer', head_dim: 'integer', max_context: 'integer', architecture: 'text',
    deprecated: 'boolean', deprecation_reason: 'text', ...stamp,
  },
};

/** `read.deployments`. */
export const DEPLOYMENTS: TableShape = {
  table: 'read.deployments',
  key: ['name'],
  columns: {
    name: 'text', model: 'text', runtime: 'text', revision: 'integer', spec: 'jsonb', fitting_gpu_models: 'jsonb',
    priority: 'integer', desired_replicas: 'integer', scheduled_replicas: 'integer', pending_replicas: 'integer',
    pod_count: 'integer', bound_pods: 'integer', deleted: 'boolean', ...stamp,
  },
};

/** `read.pods`. */
export const PODS: TableShape = {
  table: 'read.pods',
  key: ['deployment', 'name'],
  columns: {
    deployment: 'text', name: 'text', ordinal: 'integer', stage: 'integer', revision: 'integer', phase: 'text',
    node: 'text', gpu_model: 'text', devices: 'jsonb', request: 'jsonb', priority: 'integer', pending_reason: 'text', ...stamp,
  },
};

/** Every read table, e.g. for truncation before a rebuild. */
export const READ_TABLES: readonly TableShape[] = [NODES, GPU_DEVICES, POD_ALLOCATIONS, MODELS, DEPLOYMENTS, PODS];
