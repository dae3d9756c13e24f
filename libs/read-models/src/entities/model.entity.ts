import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bool, int, nullableText, StampedEntity, text } from './columns';

/** `read.models`: one row per model stream. */
@Entity({ schema: 'read', name: 'models', synchronize: false })
export class ModelEntity extends StampedEntity {
  @PrimaryColumn({ type: 'text' })
  name!: string;

  @text('display_name')
  displayName!: string;

  @Column({ type: 'double precision', name: 'parameters_billions' })
  parametersBillions!: number;

  @text()
  dtype!: string;

  @int()
  layers!: number;

  @int('attention_heads')
  attentionHeads!: number;

  @int('kv_heads')
  kvHeads!: number;

  @int('head_dim')
  headDim!: number;

  @int('max_context')
  maxContext!: number;

  @text()
  architecture!: string;

  @bool()
  deprecated!: boolean;

  @nullableText('deprecation_reason')
  deprecationReason!: string | null;
}
