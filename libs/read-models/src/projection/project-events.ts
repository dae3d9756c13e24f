import { type RecordedEvent } from '@keel/event-store';
import { deploymentProjectionIn } from './deployments/deployment-projection';
import { modelProjectionIn } from './models/model-projection';
import { nodeProjectionIn } from './nodes/node-projection';
import { type Tx } from './sql';
import { flushCache, newViewCache, runProjection, type StreamProjection, type ViewCache } from './stream-projection';
import { READ_SCHEMA, readTables } from './tables';

/** Every read model's projection into the tables of `schema`. */
function projectionsIn(schema: string): readonly StreamProjection<unknown>[] {
  const tables = readTables(schema);
  return [nodeProjectionIn(tables), modelProjectionIn(tables), deploymentProjectionIn(tables)] as StreamProjection<never>[];
}

/** Every read model's projection into the live `read` schema. */
export const PROJECTIONS: readonly StreamProjection<unknown>[] = projectionsIn(READ_SCHEMA);

function byStreamType(events: readonly RecordedEvent[]): Map<string, RecordedEvent[]> {
  const groups = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    const group = groups.get(event.streamType);
    if (group) group.push(event);
    else groups.set(event.streamType, [event]);
  }
  return groups;
}

/**
 * Projects a batch of the global log into every read model, through `tx` so the writes commit with the
 * subscription checkpoint. Idempotent: re-delivering events (or older ones) changes nothing.
 */
export async function projectEvents(events: readonly RecordedEvent[], tx: Tx): Promise<void> {
  const groups = byStreamType(events);
  for (const projection of PROJECTIONS) {
    const group = groups.get(projection.streamType);
    if (group) await runProjection(projection, group, tx);
  }
}

/** Projects one event (any stream type) — {@link projectEvents} with a batch of one. */
export function projectEvent(event: RecordedEvent, tx: Tx): Promise<void> {
  return projectEvents([event], tx);
}

/**
 * Projection state kept in memory across batches and transactions (rebuilds, replays): {@link apply} folds
 * a batch into the cached views, loading views not cached yet from `schema`'s tables through `tx`;
 * {@link flush} writes every view changed since the last flush through `tx`. Only one writer may fill
 * `schema` at a time, or the cache goes stale.
 */
export class CachedProjection {
  private readonly caches: Map<StreamProjection<unknown>, ViewCache<unknown>>;

  /** `schema` defaults to the live `read` schema; callers pass a validated identifier. */
  constructor(readonly schema: string = READ_SCHEMA) {
    this.caches = new Map(projectionsIn(schema).map((p) => [p, newViewCache()]));
  }

  /** Applies a batch to the cached views (loading views not cached yet through `tx`). */
  async apply(events: readonly RecordedEvent[], tx: Tx): Promise<void> {
    const groups = byStreamType(events);
    for (const [projection, cache] of this.caches) {
      const group = groups.get(projection.streamType);
      if (group) await runProjection(projection, group, tx, cache);
    }
  }

  /** Writes every view changed since the last flush through `tx`. */
  async flush(tx: Tx): Promise<void> {
    for (const [projection, cache] of this.caches) await flushCache(projection, cache, tx);
  }
}
