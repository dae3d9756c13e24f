/** Column lists of the read tables (name → SQL type), used to build set-based writes. */
export interface TableShape {
  /** Schema-qualified name, e.g. `read.nodes`. */
  readonly table: string;
  /** Name within its schema, e.g. `nodes`. */
  readonly name: string;
  readonly key: readonly string[];
  readonly columns: Readonly<Record<string, string>>;
}

/** Schema the live read models are queried from (migrations/0003). */
export const READ_SCHEMA = 'read';

type Spec = Omit<TableShape, 'table'>;

const stamp = { version: 'integer', position: 'bigint', updated_at: 'timestamptz' };

const SPECS = {
  nodes: {
    name: 'nodes',
    key: ['name'],
    columns: {
      name: 'text', zone: 'text', labels: 'jsonb', taints: 'jsonb', cpu_milli: 'integer', memory_mib: 'integer',
      allocated_cpu_milli: 'integer', allocated_memory_mib: 'integer', gpu_count: 'integer', pod_count: 'integer',
      unschedulable: 'boolean', condition: 'text', condition_reason: 'text', state: 'text', ...stamp,
    },
  },
  gpuDevices: {
    name: 'gpu_devices',
    key: ['node', 'device_index'],
    columns: {
      node: 'text', device_index: 'integer', model: 'text', memory_mib: 'integer', mig: 'jsonb',
      allocated_milli: 'integer', allocated_memory_mib: 'integer', pods: 'jsonb',
    },
  },
  podAllocations: {
    name: 'pod_allocations',
    key: ['node', 'deployment', 'pod'],
    columns: { node: 'text', pod: 'text', deployment: 'text', devices: 'jsonb', cpu_milli: 'integer', memory_mib: 'integer' },
  },
  models: {
    name: 'models',
    key: ['name'],
    columns: {
      name: 'text', display_name: 'text', parameters_billions: 'double precision', dtype: 'text', layers: 'integer',
      attention_heads: 'integer', kv_heads: 'integer', head_dim: 'integer', max_context: 'integer', architecture: 'text',
      deprecated: 'boolean', deprecation_reason: 'text', ...stamp,
    },
  },
  deployments: {
    name: 'deployments',
    key: ['name'],
    columns: {
      name: 'text', model: 'text', runtime: 'text', revision: 'integer', spec: 'jsonb', fitting_gpu_models: 'jsonb',
      priority: 'integer', desired_replicas: 'integer', scheduled_replicas: 'integer', pending_replicas: 'integer',
      pod_count: 'integer', bound_pods: 'integer', deleted: 'boolean', ...stamp,
    },
  },
  pods: {
    name: 'pods',
    key: ['deployment', 'name'],
    columns: {
      deployment: 'text', name: 'text', ordinal: 'integer', stage: 'integer', revision: 'integer', phase: 'text',
      node: 'text', gpu_model: 'text', devices: 'jsonb', request: 'jsonb', priority: 'integer', pending_reason: 'text', ...stamp,
    },
  },
} satisfies Record<string, Spec>;

/** Every read table of one schema: the live `read` one, or a rebuild's staging or shadow copy. */
export type ReadTables = { readonly [K in keyof typeof SPECS]: TableShape };

/** The read tables as they are named in `schema` (an identifier the caller has validated). */
export function readTables(schema: string): ReadTables {
  const entries = Object.entries(SPECS).map(([k, spec]) => [k, { ...spec, table: `${schema}.${spec.name}` }]);
  return Object.fromEntries(entries) as ReadTables;
}

const LIVE = readTables(READ_SCHEMA);

/** `read.nodes`. */
export const NODES: TableShape = LIVE.nodes;
/** `read.gpu_devices`. */
export const GPU_DEVICES: TableShape = LIVE.gpuDevices;
/** `read.pod_allocations`. */
export const POD_ALLOCATIONS: TableShape = LIVE.podAllocations;
/** `read.models`. */
export const MODELS: TableShape = LIVE.models;
/** `read.deployments`. */
export const DEPLOYMENTS: TableShape = LIVE.deployments;
/** `read.pods`. */
export const PODS: TableShape = LIVE.pods;

/** Every live read table, e.g. for truncation before a rebuild. */
export const READ_TABLES: readonly TableShape[] = Object.values(LIVE);
