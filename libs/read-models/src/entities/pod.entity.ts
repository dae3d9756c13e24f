import { type PodRequest } from '@keel/deployment-domain';
import { Entity, PrimaryColumn } from 'typeorm';
import { type ClaimJson } from '../projection/rows';
import { int, jsonb, nullableText, StampedEntity, text } from './columns';

/** `read.pods`: pods as their deployment stream sees them. */
@Entity({ schema: 'read', name: 'pods', synchronize: false })
export class PodEntity extends StampedEntity {
  @PrimaryColumn({ type: 'text' })
  deployment!: string;

  @PrimaryColumn({ type: 'text' })
  name!: string;

  @int()
  ordinal!: number;

  @int()
  stage!: number;

  @int()
  revision!: number;

  @text()
  phase!: 'Pending' | 'Bound';

  @nullableText()
  node!: string | null;

  @nullableText('gpu_model')
  gpuModel!: string | null;

  @jsonb()
  devices!: ClaimJson[];

  @jsonb()
  request!: PodRequest;

  @int()
  priority!: number;

  @nullableText('pending_reason')
  pendingReason!: string | null;
}
