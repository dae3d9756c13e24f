import { type RecordedEvent } from '@keel/event-store';
import { type Stamped } from './rows';

/** The entity name of a stream: `node-gpu-01` → `gpu-01`. */
export function entityName(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(dash + 1);
}

/** The bookkeeping columns for a row last changed by `event`. */
export function stampOf(event: RecordedEvent): Stamped {
  return { version: event.streamVersion, position: event.globalPosition, updated_at: event.recordedAt };
}

/** Groups events by entity name, keeping log order within each group. */
export function byEntity(events: readonly RecordedEvent[]): Map<string, RecordedEvent[]> {
  const groups = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    const name = entityName(event.streamId);
    const group = groups.get(name);
    if (group) group.push(event);
    else groups.set(name, [event]);
  }
  return groups;
}

/** Groups rows by a key column. */
export function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
