import { type DeploymentSpec } from '@keel/deployment-domain';
import { Entity, PrimaryColumn } from 'typeorm';
import { bool, int, jsonb, StampedEntity, text } from './columns';

/** `read.deployments`: one row per deployment stream, kept after deletion. */
@Entity({ schema: 'read', name: 'deployments', synchronize: false })
export class DeploymentEntity extends StampedEntity {
  @PrimaryColumn({ type: 'text' })
  name!: string;

  @text()
  model!: string;

  @text()
  runtime!: string;

  @int()
  revision!: number;

  @jsonb()
  spec!: DeploymentSpec;

  @jsonb('fitting_gpu_models')
  fittingGpuModels!: string[];

  @int()
  priority!: number;

  @int('desired_replicas')
  desiredReplicas!: number;

  @int('scheduled_replicas')
  scheduledReplicas!: number;

  @int('pending_replicas')
  pendingReplicas!: number;

  @int('pod_count')
  podCount!: number;

  @int('bound_pods')
  boundPods!: number;

  @bool()
  deleted!: boolean;
}
