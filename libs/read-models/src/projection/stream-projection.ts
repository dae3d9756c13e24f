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
}

/** Applies `events` (all of `projection`'s stream type, in log order) through `tx`. */
export async function runProjection<V>(projection: StreamProjection<V>, events: readonly RecordedEvent[], tx: Tx): Promise<void> {
  const relevant = events.filter((e) => projection.eventTypes.has(e.type));
  if (relevant.length === 0) return;
  const groups = byEntity(relevant);
  const views = await projection.load(tx, [...groups.keys()]);
  const changed: V[] = [];
  for (const [name, group] of groups) {
    let view = views.get(name);
    let touched = false;
    for (const event of group) {
      if (event.streamVersion <= projection.versionOf(view)) continue;
      view = projection.apply(view, event);
      touched = true;
    }
    if (touched && view !== undefined) changed.push(view);
  }
  await projection.save(tx, changed);
}
