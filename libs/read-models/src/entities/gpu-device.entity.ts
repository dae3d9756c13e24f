import { Entity, PrimaryColumn } from 'typeorm';
import { type DevicePodClaim } from '../projection/rows';
import { int, jsonb, text } from './columns';

/** `read.gpu_devices`: a GPU of an active node and what bound pods hold on it. */
@Entity({ schema: 'read', name: 'gpu_devices', synchronize: false })
export class GpuDeviceEntity {
  @PrimaryColumn({ type: 'text' })
  node!: string;

  @PrimaryColumn({ type: 'integer', name: 'device_index' })
  index!: number;

  @text()
  model!: string;

  @int('memory_mib')
  memoryMiB!: number;

  @jsonb()
  mig!: string[];

  @int('allocated_milli')
  allocatedMilli!: number;

  @int('allocated_memory_mib')
  allocatedMemoryMiB!: number;

  @jsonb()
  pods!: DevicePodClaim[];
}
