import { type RecordedEvent } from '@keel/event-store';
import { deploymentProjection } from './deployments/deployment-projection';
import { modelProjection } from './models/model-projection';
import { nodeProjection } from './nodes/node-projection';
import { type Tx } from './sql';
import { flushCache, newViewCache, runProjection, type StreamProjection, type ViewCache } from './stream-projection';

/** Every read model's projection, by stream type. */
export const PROJECTIONS: readonly StreamProjection<unknown>[] = [nodeProjection, modelProjection, deploymentProjection] as StreamProjection<never>[];

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

/** Projection state kept in memory across batches, written by {@link CachedProjection.flush} (rebuilds). */
export class CachedProjection {
  private readonly caches = new Map<StreamProjection<unknown>, ViewCache<unknown>>(PROJECTIONS.map((p) => [p, newViewCache()]));

  constructor(private readonly tx: Tx) {}

  /** Applies a batch to the cached views (loading views not cached yet). */
  async apply(events: readonly RecordedEvent[]): Promise<void> {
    const groups = byStreamType(events);
    for (const [projection, cache] of this.caches) {
      const group = groups.get(projection.streamType);
      if (group) await runProjection(projection, group, this.tx, cache);
    }
  }

  /** Writes every view changed since the last flush. */
  async flush(): Promise<void> {
    for (const [projection, cache] of this.caches) await flushCache(projection, cache, this.tx);
  }
}
