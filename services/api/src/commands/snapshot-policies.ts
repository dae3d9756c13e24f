import { type SnapshotPolicy } from '@keel/event-store';

/** Snapshot every 50 events; bump `schemaVersion` whenever a decider's state shape changes. */
export function snapshotEvery50<S>(name: string, schemaVersion = 1): SnapshotPolicy<S> {
  return { name, schemaVersion, every: 50 };
}
