import { type Pool } from 'pg';
import { storedVersions } from './bookkeeping';
import { lockBuild } from './build-lock';
import { type ProjectionDefinition } from './catalogue';
import { dropSchema } from './schema-copy';
import { type BuildOptions, SchemaBuild } from './schema-build';
import { retiredSchema, stagingSchema } from './schema-names';
import { SwapLockTimeout, swapIn } from './swap';

/** Options of {@link rebuildProjection}. */
export interface RebuildOptions extends BuildOptions {
  /** How long the swap waits for each live table's lock (default 200 ms, at most half the deadlock_timeout) before catching up and retrying. */
  readonly lockTimeoutMs?: number;
  /** Swap attempts before giving up (default 10). */
  readonly swapAttempts?: number;
  /** Notable steps, one line each (resuming, swapping). */
  readonly log?: (line: string) => void;
}

/** What a rebuild did. */
export interface RebuildReport {
  readonly projection: string;
  readonly version: number;
  /** Version the replaced tables were built with (null when none was recorded). */
  readonly previousVersion: number | null;
  /** Events the new tables hold. */
  readonly events: number;
  /** Events this run applied (fewer than `events` when it resumed an interrupted rebuild). */
  readonly appliedEvents: number;
  /** Checkpoint an interrupted rebuild was resumed from; null for a fresh one. */
  readonly resumedFrom: string | null;
  /** Checkpoint the live subscription continues from. */
  readonly checkpoint: string;
  readonly durationMs: number;
  /** `appliedEvents` per second of `durationMs`. */
  readonly eventsPerSec: number;
  /** How long the swap held the live tables locked. */
  readonly swapLockedMs: number;
}

/** Catch-up rounds before a swap are repeated while one still applies more than this many events. */
const CLOSE_ENOUGH = 5_000;

/**
 * Rebuilds a projection blue/green: fills a staging schema from the log in committed chunks while the
 * live tables keep serving, catches up to the head, then swaps it in atomically (see {@link swapIn}).
 * Resumes an interrupted rebuild of the same code version. Only one rebuild per projection runs at a time.
 */
export async function rebuildProjection(pool: Pool, projection: ProjectionDefinition, options: RebuildOptions = {}): Promise<RebuildReport> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const lock = await lockBuild(pool, stagingSchema(projection));
  try {
    await dropSchema(pool, retiredSchema(projection));
    const previousVersion = (await storedVersions(pool)).get(projection.name)?.version ?? null;
    const build = await SchemaBuild.open(pool, { projection, schema: stagingSchema(projection), purpose: 'rebuild', whenFilled: 'replace' }, options);
    const resumed = build.events > 0;
    if (resumed) log(`${projection.name}: resuming the rebuild in schema ${build.schema} from checkpoint ${build.checkpoint} (${build.events} events already built)`);
    const attempts = options.swapAttempts ?? 10;
    for (let attempt = 1; ; attempt++) {
      while ((await build.fill()).applied > CLOSE_ENOUGH);
      log(`${projection.name}: swapping schema ${build.schema} in for ${projection.schema} at ${build.checkpoint}`);
      try {
        const swap = await swapIn(pool, projection, build, options.lockTimeoutMs ?? 200);
        const durationMs = performance.now() - started;
        const appliedEvents = build.events - build.resumedEvents;
        return {
          projection: projection.name, version: projection.version, previousVersion, events: build.events, appliedEvents,
          resumedFrom: resumed ? build.resumedFrom : null, checkpoint: swap.checkpoint, durationMs,
          eventsPerSec: Math.round(appliedEvents / Math.max(durationMs / 1000, 0.001)), swapLockedMs: swap.lockedMs,
        };
      } catch (error) {
        if (!(error instanceof SwapLockTimeout) || attempt >= attempts) throw error;
        log(`${projection.name}: ${error.message}; catching up and trying again (${attempt}/${attempts})`);
        await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 80));
      }
    }
  } finally {
    await lock.release();
  }
}

/** Projections whose code version differs from the version their live tables were built with. */
export async function changedProjections(pool: Pool, catalogue: readonly ProjectionDefinition[]): Promise<ProjectionDefinition[]> {
  const stored = await storedVersions(pool);
  return catalogue.filter((p) => stored.get(p.name)?.version !== p.version);
}
