import { randomUUID } from 'node:crypto';
import { type AppendResult, type StreamAppend } from '@keel/event-store';
import { systemClock, uuidGenerator } from '@keel/kernel';
import { type EventBus, GroupProgress } from '@keel/messaging';
import { ClusterView, type EventLog, SchedulerCycle } from '@keel/scheduler-application';
import { buildProfile } from '@keel/scheduler-framework';
import { defaultRegistry } from '@keel/scheduler-plugins';
import { type RunningScheduler, SCHEDULER_SUBSCRIPTION, type SchedulerOptions } from './start-scheduler';
import { ViewFeed } from './view-feed';

/** Options of {@link startKafkaScheduler}: the scheduler's, with the bus instead of log polling. */
export interface KafkaSchedulerOptions extends Omit<SchedulerOptions, 'name' | 'leaseMs' | 'pollIntervalMs' | 'listen'> {
  readonly bus: EventBus;
  /** Consumer group (default `scheduler`); its members elect one active scheduler. */
  readonly group?: string;
}

/**
 * The scheduler on the Kafka transport. Its consumer group gives every partition to one member (the
 * leader; the others stand by with none, and take over when it leaves or its session expires). The
 * leader loads the cluster from the Postgres log when it takes over — a stream with no recent event is
 * in no partition's backlog — then folds what the broker delivers and runs a pass when something
 * changed. The view folds per stream and skips versions it has, so redelivered events and the overlap
 * with the load change nothing. Binds are appended to the log with expected versions and idempotency
 * keys (a stale leader's append is refused), and offsets are committed after the pass.
 */
export async function startKafkaScheduler(options: KafkaSchedulerOptions): Promise<RunningScheduler> {
  if (options.profile !== undefined) {
    const built = buildProfile(options.profile, defaultRegistry());
    if (!built.ok) throw new Error(`invalid scheduler profile: ${built.error}`);
  }
  const { store, bus } = options;
  const group = options.group ?? SCHEDULER_SUBSCRIPTION;
  const view = new ClusterView();
  const feed = new ViewFeed(store, view);
  const progress = new GroupProgress(store.pool, bus, group);
  let leader = false;
  let loaded = false;
  let lastWrite = '0:0';
  const log: EventLog = {
    appendToStreams: async (appends: readonly StreamAppend[], appendOptions?: { readonly idempotencyKey?: string }): Promise<AppendResult> => {
      const result = await store.appendToStreams(appends, appendOptions);
      lastWrite = result.checkpoint;
      return result;
    },
    readStream: (streamId) => store.readStream(streamId),
  };
  const subscription = await bus.subscribe(
    group,
    async (events) => {
      if (!loaded) {
        await feed.catchUp(await store.headCheckpoint(), store.pool);
        loaded = true;
      }
      feed.feed(events);
      if (!feed.dirty) return;
      const cycle = new SchedulerCycle({ log, view, clock: options.clock ?? systemClock, ids: options.ids ?? uuidGenerator, ...(options.profile ? { profile: options.profile } : {}) });
      const report = await cycle.pass();
      // A unit still conflicting after its retries is tried again on the next delivery, whatever it holds.
      feed.dirty = report.conflicts > 0;
      options.onPass?.(report);
    },
    {
      exclusive: true,
      // A scheduler must not skip an event: a failing pass is retried until it succeeds, never dead-lettered.
      maxAttempts: Number.MAX_SAFE_INTEGER,
      onAssignment: (partitions) => {
        const nowLeader = partitions > 0;
        // Taking over (or stepping down): forget the view; the next delivery loads the log again.
        if (nowLeader !== leader) {
          feed.reset();
          loaded = false;
        }
        leader = nowLeader;
      },
      ...(options.onError === undefined ? {} : { onError: options.onError }),
    },
  );
  return {
    instanceId: options.instanceId ?? randomUUID(),
    get isLeader() {
      return leader;
    },
    get lastWrite() {
      return lastWrite;
    },
    waitFor: async (checkpoint, timeoutMs = 10_000) => {
      if (!(await progress.reached(checkpoint, timeoutMs))) throw new Error(`scheduler group ${group} did not reach ${checkpoint} within ${timeoutMs} ms`);
    },
    stop: () => subscription.stop(),
  };
}
