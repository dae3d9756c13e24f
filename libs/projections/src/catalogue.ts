import { type Queryable, type RecordedEvent } from '@keel/event-store';
import { DomainError } from '@keel/kernel';
import { CachedProjection, READ_MODELS_SUBSCRIPTION, READ_MODELS_VERSION, READ_SCHEMA, readTables, type TableShape } from '@keel/read-models';

/** Folds batches of the log into one schema's tables, keeping views in memory between writes. */
export interface ProjectionWriter {
  /** Applies a batch (views not cached yet are loaded through `tx`). */
  apply(events: readonly RecordedEvent[], tx: Queryable): Promise<void>;
  /** Writes every view changed since the last flush through `tx`. */
  flush(tx: Queryable): Promise<void>;
}

/**
 * A projection: the tables of one schema that one durable subscription keeps from the log, with one
 * checkpoint. It is the unit of rebuild, verify and replay: a rebuild swaps the whole schema and moves
 * the subscription's checkpoint, so the tables and the checkpoint can never disagree.
 */
export interface ProjectionDefinition {
  readonly name: string;
  readonly description: string;
  /** Version of the projection code; a different stored version means the live tables need a rebuild. */
  readonly version: number;
  /** Durable subscription that keeps the live tables. */
  readonly subscription: string;
  /** Schema the live tables are queried from. */
  readonly schema: string;
  /** The tables the projection writes, as named in `schema`, in the order its batches touch them (diffs, lock order). */
  tables(schema: string): readonly TableShape[];
  /** A writer into the tables of `schema` (the live schema's tables copied there first). */
  writer(schema: string): ProjectionWriter;
}

/**
 * Every read model (nodes, GPU devices, pod allocations, models, deployments, pods). One projection, not
 * one per stream type: the three groups share the `read-models` subscription and its single checkpoint,
 * so a group swapped alone would be at a different position than the checkpoint the others continue from.
 */
export const READ_MODELS_PROJECTION: ProjectionDefinition = {
  name: READ_MODELS_SUBSCRIPTION,
  description: 'nodes, GPU devices, pod allocations, models, deployments and pods (schema read)',
  version: READ_MODELS_VERSION,
  subscription: READ_MODELS_SUBSCRIPTION,
  schema: READ_SCHEMA,
  tables: (schema) => Object.values(readTables(schema)),
  writer: (schema) => new CachedProjection(schema),
};

/** Every projection Keel keeps. */
export const PROJECTIONS: readonly ProjectionDefinition[] = [READ_MODELS_PROJECTION];

/** The projections named in `names` (in catalogue order, each once); a NotFound error names an unknown one. */
export function projectionsNamed(names: readonly string[], catalogue: readonly ProjectionDefinition[] = PROJECTIONS): ProjectionDefinition[] {
  const unknown = names.filter((name) => !catalogue.some((p) => p.name === name));
  if (unknown.length > 0) {
    const known = catalogue.map((p) => p.name).join(', ');
    throw new DomainError('NotFound', `unknown projection ${unknown.map((n) => `"${n}"`).join(', ')}; known: ${known}`, unknown.map((n) => ({ path: 'name', reason: `unknown projection "${n}"` })));
  }
  return catalogue.filter((p) => names.includes(p.name));
}
