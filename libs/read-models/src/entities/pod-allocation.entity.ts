import { Entity, PrimaryColumn } from 'typeorm';
import { type ClaimJson } from '../projection/rows';
import { int, jsonb } from './columns';

/** `read.pod_allocations`: what a pod holds on its node, as the node stream recorded it. */
@Entity({ schema: 'read', name: 'pod_allocations', synchronize: false })
export class PodAllocationEntity {
  @PrimaryColumn({ type: 'text' })
  node!: string;

  @PrimaryColumn({ type: 'text' })
  pod!: string;

  /** Part of the key: a pod name is unique only within its deployment. */
  @PrimaryColumn({ type: 'text' })
  deployment!: string;

  @jsonb()
  devices!: ClaimJson[];

  @int('cpu_milli')
  cpuMilli!: number;

  @int('memory_mib')
  memoryMiB!: number;
}
