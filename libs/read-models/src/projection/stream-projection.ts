import { type RecordedEvent } from '@keel/event-store';
import { type Tx } from './sql';
import { byEntity } from './stream';

/**
 * The read model of one stream type, folded batch-wise: load the views a batch touches in a few queries,
 * apply the events in memory, write every changed view back with multi-row statements.
 */
export interface StreamProjection<V> {
  /** Stream type (the prefix of the stream id) this projection reads. */
  readonly streamType: string;
  /** Event types it applies; others on the stream are skipped. */
  readonly eventTypes: ReadonlySet<string>;
  load(tx: Tx, names: readonly string[]): Promise<Map<string, V>>;
  /** Stream version the view has applied (0 when absent); older or re-delivered events are skipped. */
  versionOf(view: V | undefined): number;
  /** Applies one event; returns the new view (undefined while the entity does not exist). */
  apply(view: V | undefined, event: RecordedEvent): V | undefined;
  save(tx: Tx, views: readonly V[]): Promise<void>;
  /** The view as it is once saved (no pending row changes), for views kept across batches. */
  saved(view: V): V;
}

/**
 * Views kept in memory across batches (a rebuild): loads are skipped for cached names and changed views
 * are written on {@link flushCache} instead of after every batch.
 */
export interface ViewCache<V> {
  readonly views: Map<string, V | undefined>;
  readonly dirty: Set<string>;
}

/** An empty cache. */
export function newViewCache<V>(): ViewCache<V> {
  return { views: new Map(), dirty: new Set() };
}

/** Writes every view changed since the last flush. */
export async function flushCache<V>(projection: StreamProjection<V>, cache: ViewCache<V>, tx: Tx): Promise<void> {
  const changed = [...cache.dirty].flatMap((name) => {
    const view = cache.views.get(name);
    return view === undefined ? [] : [view];
  });
  await projection.save(tx, changed);
  for (const name of cache.dirty) {
    const view = cache.views.get(name);
    if (view !== undefined) cache.views.set(name, projection.saved(view));
  }
  cache.dirty.clear();
}

function fold<V>(projection: StreamProjection<V>, view: V | undefined, group: readonly RecordedEvent[]): { view: V | undefined; touched: boolean } {
  let touched = false;
  for (const event of group) {
    if (event.streamVersion <= projection.versionOf(view)) continue;
    view = projection.apply(view, event);
    touched = true;
  }
  return { view, touched };
}

/**
 * Applies `events` (of `projection`'s stream type, each stream's in order) through `tx`. Without a cache the
 * changed views are written at once; with one they stay in it until {@link flushCache}.
 */
export async function runProjection<V>(projection: StreamProjection<V>, events: readonly RecordedEvent[], tx: Tx, cache?: ViewCache<V>): Promise<void> {
  const groups = byEntity(events.filter((e) => projection.eventTypes.has(e.type)));
  if (groups.size === 0) return;
  const missing = [...groups.keys()].filter((name) => !cache?.views.has(name));
  const loaded = await projection.load(tx, missing);
  const changed: V[] = [];
  for (const [name, group] of groups) {
    const { view, touched } = fold(projection, cache?.views.has(name) ? cache.views.get(name) : loaded.get(name), group);
    if (cache) {
      cache.views.set(name, view);
      if (touched) cache.dirty.add(name);
    } else if (touched && view !== undefined) changed.push(view);
  }
  if (!cache) await projection.save(tx, changed);
}
