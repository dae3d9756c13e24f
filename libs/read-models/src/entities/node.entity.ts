import { Entity, PrimaryColumn } from 'typeorm';
import { bool, int, jsonb, nullableText, StampedEntity, text } from './columns';

/** `read.nodes`: one row per node stream. */
@Entity({ schema: 'read', name: 'nodes', synchronize: false })
export class NodeEntity extends StampedEntity {
  @PrimaryColumn({ type: 'text' })
  name!: string;

  @text()
  zone!: string;

  @jsonb()
  labels!: Record<string, string>;

  @jsonb()
  taints!: { key: string; value?: string; effect: string }[];

  @int('cpu_milli')
  cpuMilli!: number;

  @int('memory_mib')
  memoryMiB!: number;

  @int('allocated_cpu_milli')
  allocatedCpuMilli!: number;

  @int('allocated_memory_mib')
  allocatedMemoryMiB!: number;

  @int('gpu_count')
  gpuCount!: number;

  @int('pod_count')
  podCount!: number;

  @bool()
  unschedulable!: boolean;

  @text()
  condition!: 'Ready' | 'Failed';

  @nullableText('condition_reason')
  conditionReason!: string | null;

  @text()
  state!: 'Active' | 'Deregistered';
}
