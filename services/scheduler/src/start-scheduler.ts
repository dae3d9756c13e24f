import { type PostgresEventStore, Subscription } from '@keel/event-store';
import { type Clock, type IdGenerator, systemClock, uuidGenerator } from '@keel/kernel';
import { ClusterView, type PassReport, SchedulerCycle } from '@keel/scheduler-application';
import { buildProfile, type ProfileConfig } from '@keel/scheduler-framework';
import { defaultRegistry } from '@keel/scheduler-plugins';
import { transactionalLog } from './transactional-log';
import { ViewFeed } from './view-feed';

/** Name of the scheduler's durable subscription: its lease is the leader election. */
export const SCHEDULER_SUBSCRIPTION = 'scheduler';

/** Options of {@link startScheduler}. */
export interface SchedulerOptions {
  readonly store: PostgresEventStore;
  /** Subscription name (default `scheduler`); instances with the same name elect one leader. */
  readonly name?: string;
  readonly instanceId?: string;
  /** Lease length: how long a crashed leader blocks the standby (default 15 s). */
  readonly leaseMs?: number;
  readonly pollIntervalMs?: number;
  /** Wake on NOTIFY (default true; off on embedded PGlite). */
  readonly listen?: boolean;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  /** Scheduling profile; default: the plugins' default profile (kube filters, FGD score). */
  readonly profile?: ProfileConfig;
  readonly onError?: (error: unknown, attempt: number) => void;
  /** Called after every scheduling pass. */
  readonly onPass?: (report: PassReport) => void;
}

/** A running scheduler instance (leader or standby). */
export interface RunningScheduler {
  readonly instanceId: string;
  /** True while this instance holds the lease and schedules. */
  readonly isLeader: boolean;
  /** Checkpoint of the last append this instance made (`0:0` before any). */
  readonly lastWrite: string;
  /** Resolves once this instance has handled (and scheduled after) the log up to `checkpoint`. */
  waitFor(checkpoint: string, timeoutMs?: number): Promise<void>;
  /** Finishes the pass in flight, releases the lease (a standby takes over) and stops. */
  stop(): Promise<void>;
}

/**
 * Starts a scheduler instance on the `scheduler` subscription. The lease holder folds every batch into
 * its view and runs a pass (drift repair, then pending pods in priority order); a second instance
 * stays passive until the lease is released or expires. Binds are multi-stream appends guarded by
 * expected versions and an idempotency key, so a restart or a stale leader never double-allocates.
 */
export async function startScheduler(options: SchedulerOptions): Promise<RunningScheduler> {
  if (options.profile !== undefined) {
    const built = buildProfile(options.profile, defaultRegistry());
    if (!built.ok) throw new Error(`invalid scheduler profile: ${built.error}`);
  }
  const view = new ClusterView();
  const feed = new ViewFeed(options.store, view);
  let lastWrite = '0:0';
  const subscription: Subscription = new Subscription(options.store, {
    name: options.name ?? SCHEDULER_SUBSCRIPTION,
    ...(options.instanceId === undefined ? {} : { instanceId: options.instanceId }),
    leaseMs: options.leaseMs,
    pollIntervalMs: options.pollIntervalMs,
    listen: options.listen,
    onError: (error, attempt) => {
      // The batch rolled back, local appends included: forget what the view learnt and re-read the log.
      feed.reset();
      options.onError?.(error, attempt);
    },
    handler: async (events, tx) => {
      await feed.catchUp(subscription.checkpoint, tx);
      feed.feed(events);
      if (!feed.dirty) return;
      const log = transactionalLog(options.store, tx, (result) => (lastWrite = result.checkpoint));
      const cycle = new SchedulerCycle({ log, view, clock: options.clock ?? systemClock, ids: options.ids ?? uuidGenerator, ...(options.profile ? { profile: options.profile } : {}) });
      const report = await cycle.pass();
      // A unit still conflicting after its retries is tried again on the next batch, whatever it holds.
      feed.dirty = report.conflicts > 0;
      options.onPass?.(report);
    },
  });
  await subscription.start();
  return {
    instanceId: subscription.instanceId,
    get isLeader() {
      return subscription.isActive;
    },
    get lastWrite() {
      return lastWrite;
    },
    waitFor: (checkpoint, timeoutMs) => subscription.waitFor(checkpoint, timeoutMs),
    stop: () => subscription.stop(),
  };
}
