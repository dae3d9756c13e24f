import { type ClusterCapacityDto, type DeploymentDto } from '@keel/read-models';

/** Plain-text table: left-aligned text columns, right-aligned numbers, two spaces apart. */
export function formatTable(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((row) => typeof row[i] === 'number'));
  const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  const line = (row: readonly string[]) => row.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return cells.map(line).join('\n');
}

const gib = (mib: number): number => Math.round(mib / 1024);
const gpus = (count: number): number => Math.round(count * 100) / 100;

/** Cluster capacity by GPU model and zone, with a total row. */
export function capacityTable(capacity: ClusterCapacityDto): string {
  const header = ['GPU MODEL', 'ZONE', 'NODES', 'GPUS', 'ALLOCATED', 'FREE', 'UNSCHEDULABLE', 'MEMORY GiB', 'FREE GiB'];
  const row = (model: string, zone: string, c: ClusterCapacityDto['total']) =>
    [model, zone, c.nodes, gpus(c.totalGpus), gpus(c.allocatedGpus), gpus(c.freeGpus), gpus(c.unschedulableGpus), gib(c.totalMemoryMiB), gib(c.freeMemoryMiB)] as const;
  return formatTable(header, [...capacity.items.map((c) => row(c.gpuModel, c.zone, c)), row('total', '', capacity.total)]);
}

/** Deployments: model, runtime, where they fit and desired / scheduled / pending replicas. */
export function deploymentTable(deployments: readonly DeploymentDto[]): string {
  const header = ['NAME', 'MODEL', 'RUNTIME', 'FITS ON', 'TP', 'PRIORITY', 'DESIRED', 'SCHEDULED', 'PENDING'];
  const rows = deployments.map((d) => [
    d.name, d.model, d.runtime, d.fittingGpuModels.join(',') || '-', d.spec.template.tensorParallel, d.priority, d.desiredReplicas, d.scheduledReplicas, d.pendingReplicas,
  ] as const);
  return formatTable(header, rows);
}
