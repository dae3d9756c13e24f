import { Column, type ColumnOptions } from 'typeorm';

/** bigint ↔ number (global positions stay far below 2^53). */
const bigintAsNumber = { to: (value: number): number => value, from: (value: string | null): number | null => (value === null ? null : Number(value)) };

/** The bookkeeping columns every root read table has. */
export abstract class StampedEntity {
  /** Stream version of the last applied event. */
  @Column({ type: 'integer' })
  version!: number;

  /** Global position of the last applied event. */
  @Column({ type: 'bigint', transformer: bigintAsNumber })
  position!: number;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}

/** A non-null integer column. */
export const int = (name?: string): PropertyDecorator => Column({ type: 'integer', ...(name ? { name } : {}) });
/** A non-null text column. */
export const text = (name?: string): PropertyDecorator => Column({ type: 'text', ...(name ? { name } : {}) });
/** A nullable text column. */
export const nullableText = (name?: string): PropertyDecorator => Column({ type: 'text', nullable: true, ...(name ? { name } : {}) });
/** A non-null jsonb column. */
export const jsonb = (name?: string): PropertyDecorator => Column({ type: 'jsonb', ...(name ? { name } : {}) });
/** A non-null boolean column. */
export const bool = (options: ColumnOptions = {}): PropertyDecorator => Column({ type: 'boolean', ...options });
