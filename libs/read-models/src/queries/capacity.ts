import { type DataSource } from 'typeorm';
import { type CapacityDto, type ClusterCapacityDto } from '../dto';
import { GpuDeviceEntity } from '../entities/gpu-device.entity';
import { NodeEntity } from '../entities/node.entity';

interface CapacityRaw {
  gpu_model: string | null;
  zone: string | null;
  nodes: number;
  total_gpus: number;
  allocated_milli: number;
  idle_gpus: number;
  unschedulable_gpus: number;
  total_memory: number;
  allocated_memory: number;
}

function toCapacity(r: CapacityRaw): Omit<CapacityDto, 'gpuModel' | 'zone'> {
  const allocatedGpus = r.allocated_milli / 1000;
  return {
    nodes: r.nodes, totalGpus: r.total_gpus, allocatedGpus, freeGpus: (r.total_gpus * 1000 - r.allocated_milli) / 1000,
    idleGpus: r.idle_gpus, unschedulableGpus: r.unschedulable_gpus, totalMemoryMiB: r.total_memory,
    allocatedMemoryMiB: r.allocated_memory, freeMemoryMiB: r.total_memory - r.allocated_memory,
  };
}

/** GPU capacity by (GPU model, zone) over active nodes, plus the totals row (one query, grouping sets). */
export async function clusterCapacity(dataSource: DataSource): Promise<ClusterCapacityDto> {
  const rows = await dataSource
    .getRepository(GpuDeviceEntity)
    .createQueryBuilder('d')
    .innerJoin(NodeEntity, 'n', "n.name = d.node AND n.state = 'Active'")
    .select('d.model', 'gpu_model')
    .addSelect('n.zone', 'zone')
    .addSelect('count(DISTINCT n.name)::int', 'nodes')
    .addSelect('count(*)::int', 'total_gpus')
    .addSelect('coalesce(sum(d.allocated_milli), 0)::int', 'allocated_milli')
    .addSelect('count(*) FILTER (WHERE d.allocated_milli = 0)::int', 'idle_gpus')
    .addSelect("count(*) FILTER (WHERE n.unschedulable OR n.condition <> 'Ready')::int", 'unschedulable_gpus')
    .addSelect('coalesce(sum(d.memory_mib), 0)::float8', 'total_memory')
    .addSelect('coalesce(sum(d.allocated_memory_mib), 0)::float8', 'allocated_memory')
    .groupBy('GROUPING SETS ((d.model, n.zone), ())')
    .orderBy('d.model', 'ASC', 'NULLS LAST')
    .addOrderBy('n.zone', 'ASC', 'NULLS LAST')
    .getRawMany<CapacityRaw>();
  const groups = rows.filter((r) => r.gpu_model !== null && r.zone !== null);
  const totals = rows.find((r) => r.gpu_model === null && r.zone === null);
  const empty: CapacityRaw = { gpu_model: null, zone: null, nodes: 0, total_gpus: 0, allocated_milli: 0, idle_gpus: 0, unschedulable_gpus: 0, total_memory: 0, allocated_memory: 0 };
  return {
    items: groups.map((r) => ({ gpuModel: r.gpu_model as string, zone: r.zone as string, ...toCapacity(r) })),
    total: toCapacity(totals ?? empty),
  };
}
