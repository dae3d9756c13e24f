import { committedCheckpoint, compareCheckpoints } from '@keel/event-store';
import { type Pool } from 'pg';
import { type EventBus, type PartitionOffsets } from './event-bus';
import { KAFKA_RELAY_SUBSCRIPTION } from './outbox-relay';

/** Options of {@link GroupProgress}. */
export interface GroupProgressOptions {
  /** The relay's durable subscription (default `kafka-relay`). */
  readonly relay?: string;
  /** Polling interval while waiting (default 20 ms). */
  readonly pollMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Read-your-writes across the broker, for a consumer group running in any process. The group has applied
 * every event up to checkpoint X once
 *  1. the relay's committed checkpoint is at or past X, so the broker acknowledged every such event, and
 *  2. the group's committed offset on every partition is at or past that partition's end offset read after (1).
 * The end offsets may include newer events, so this can wait slightly longer than strictly needed, but it
 * never answers early, and the target is fixed when (1) holds, so a steady stream of writes cannot starve it.
 * An event dead-lettered by the group counts as handled: its offset was committed.
 */
export class GroupProgress {
  private readonly relay: string;
  private readonly pollMs: number;

  constructor(
    private readonly db: Pick<Pool, 'query'>,
    private readonly bus: Pick<EventBus, 'endOffsets' | 'committedOffsets'>,
    readonly group: string,
    options: GroupProgressOptions = {},
  ) {
    this.relay = options.relay ?? KAFKA_RELAY_SUBSCRIPTION;
    this.pollMs = options.pollMs ?? 20;
  }

  /** Resolves true once the group has applied every event up to `checkpoint`, false after `timeoutMs`. */
  async reached(checkpoint: string, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (compareCheckpoints(await committedCheckpoint(this.db, this.relay), checkpoint) < 0) {
      if (Date.now() >= deadline) return false;
      await sleep(this.pollMs);
    }
    const targets = await this.bus.endOffsets();
    for (;;) {
      if (covers(await this.bus.committedOffsets(this.group), targets)) return true;
      if (Date.now() >= deadline) return false;
      await sleep(this.pollMs);
    }
  }
}

/** True when `committed` is at or past `targets` on every partition that holds anything. */
export function covers(committed: PartitionOffsets, targets: PartitionOffsets): boolean {
  for (const [partition, end] of targets) {
    if (end > 0n && (committed.get(partition) ?? 0n) < end) return false;
  }
  return true;
}
