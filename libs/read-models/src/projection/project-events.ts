import { type RecordedEvent } from '@keel/event-store';
import { projectDeploymentEvents } from './deployments/deployment-projection';
import { projectModelEvents } from './models/model-projection';
import { projectNodeEvents } from './nodes/node-projection';
import { type Tx } from './sql';

/** A projector of one stream type's events into its read tables. */
export type BatchProjector = (events: readonly RecordedEvent[], tx: Tx) => Promise<void>;

/** The projector of each stream type. */
export const PROJECTORS: Readonly<Record<string, BatchProjector>> = {
  node: projectNodeEvents,
  model: projectModelEvents,
  deployment: projectDeploymentEvents,
};

/**
 * Projects a batch of the global log into every read model, through `tx` so the writes commit with the
 * subscription checkpoint. Idempotent: re-delivering events (or older ones) changes nothing.
 */
export async function projectEvents(events: readonly RecordedEvent[], tx: Tx): Promise<void> {
  const byType = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    if (!Object.hasOwn(PROJECTORS, event.streamType)) continue;
    const group = byType.get(event.streamType);
    if (group) group.push(event);
    else byType.set(event.streamType, [event]);
  }
  for (const [streamType, group] of byType) await (PROJECTORS[streamType] as BatchProjector)(group, tx);
}

/** Projects one event (any stream type) — {@link projectEvents} with a batch of one. */
export function projectEvent(event: RecordedEvent, tx: Tx): Promise<void> {
  return projectEvents([event], tx);
}
