import { compareCheckpoints, parseCheckpoint, type PostgresEventStore } from '@keel/event-store';
import { type AsOf, AsOfError, type Cut, isPast } from './as-of';
import { ClusterFold, type ClusterStreams } from './cluster-fold';
import { diffClusters, type ClusterDiff } from './diff';
import { clusterPicture, type ClusterPicture } from './picture';

const BATCH = 10_000;

/**
 * Turns a moment into a cut of the log. A position becomes the checkpoint of the event at that position
 * (or of the last visible event before it, when that position holds none); `0` is the empty log.
 * Throws {@link AsOfError} naming `parameter` for a malformed checkpoint.
 */
export async function resolveCut(store: PostgresEventStore, asOf: AsOf, parameter: string): Promise<Cut> {
  if (asOf.kind === 'time') return asOf;
  if (asOf.kind === 'checkpoint') {
    try {
      parseCheckpoint(asOf.checkpoint);
    } catch (error) {
      throw new AsOfError(parameter, (error as Error).message);
    }
    return asOf;
  }
  const { rows } = await store.pool.query<{ c: string }>(
    `SELECT transaction_id::text || ':' || global_position AS c FROM es.events
      WHERE global_position <= $1 AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
      ORDER BY global_position DESC LIMIT 1`,
    [asOf.position],
  );
  return { kind: 'checkpoint', checkpoint: rows[0]?.c ?? '0:0' };
}

/**
 * Folds the global log once, in order, and returns the streams as they were at each cut (in the order of
 * `cuts`). Each cut stops at the first event past it, so every answer is a state the log really went through.
 */
export async function foldAt(store: PostgresEventStore, cuts: readonly Cut[]): Promise<ClusterStreams[]> {
  const fold = new ClusterFold();
  const taken: (ClusterStreams | undefined)[] = cuts.map(() => undefined);
  const open = () => taken.some((t) => t === undefined);
  // One batch in flight at a time, so stopping early leaves no read behind.
  reading: for await (const batch of store.readAllBatches(undefined, BATCH, 1)) {
    for (const event of batch.events) {
      cuts.forEach((cut, i) => {
        if (taken[i] === undefined && isPast(event, cut)) taken[i] = fold.snapshot();
      });
      if (!open()) break reading;
      fold.apply(event);
    }
  }
  if (open()) {
    const last = fold.snapshot();
    return taken.map((t) => t ?? last);
  }
  return taken as ClusterStreams[];
}

/** The cluster as it was at `asOf`, rebuilt from the log. */
export async function clusterAt(store: PostgresEventStore, asOf: AsOf, parameter = 'asOf'): Promise<ClusterPicture> {
  const [streams] = await foldAt(store, [await resolveCut(store, asOf, parameter)]);
  return clusterPicture(streams!);
}

/** What changed between `from` and `to`, in one pass over the log. */
export async function clusterDiff(store: PostgresEventStore, from: AsOf, to: AsOf, parameters: { from: string; to: string } = { from: 'from', to: 'to' }): Promise<ClusterDiff> {
  const cuts = [await resolveCut(store, from, parameters.from), await resolveCut(store, to, parameters.to)];
  const [before, after] = await foldAt(store, cuts);
  return diffClusters(clusterPicture(before!), clusterPicture(after!));
}

/**
 * Waits until global reads reach `checkpoint` (events of transactions still running elsewhere on the server
 * stay invisible until they end); false when `timeoutMs` passes first.
 */
export async function waitForCheckpoint(store: PostgresEventStore, checkpoint: string, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (compareCheckpoints(await store.headCheckpoint(), checkpoint) >= 0) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
