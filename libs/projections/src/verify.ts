import { committedCheckpoint, compareCheckpoints, type RecordedEvent } from '@keel/event-store';
import { type Pool, type PoolClient } from 'pg';
import { endBuild, storedVersions } from './bookkeeping';
import { lockBuild } from './build-lock';
import { type ProjectionDefinition } from './catalogue';
import { dropSchema, lockOrder } from './schema-copy';
import { type BuildOptions, SchemaBuild } from './schema-build';
import { shadowSchema } from './schema-names';
import { boundedLockTimeout } from './swap';
import { diffTable, type RowDifference, type TableComparison } from './table-diff';

/** Options of {@link verifyProjection}. */
export interface VerifyOptions extends BuildOptions {
  /** How long the comparison waits for each live table's lock against writes (default 200 ms, at most half the deadlock_timeout). */
  readonly lockTimeoutMs?: number;
  /** Differing rows listed per table at most (default 20); all are counted. */
  readonly maxRowsPerTable?: number;
  readonly log?: (line: string) => void;
}

/** What a verify found. */
export interface VerifyReport {
  readonly projection: string;
  /** Checkpoint both sides were compared at. */
  readonly checkpoint: string;
  readonly equal: boolean;
  readonly tables: readonly TableComparison[];
  /** Column by column, for the first differing rows of each table. */
  readonly differences: readonly RowDifference[];
  readonly codeVersion: number;
  readonly storedVersion: number | null;
  /** Events the rebuild into the shadow schema applied. */
  readonly events: number;
  readonly durationMs: number;
}

/** The comparison could not lock the live tables (timeout, or a deadlock it lost) before it changed anything. */
class LockNotTaken extends Error {}

const after = (checkpoint: string) => (event: RecordedEvent) => compareCheckpoints(event.checkpoint, checkpoint) > 0;

async function compareAtLiveCheckpoint(client: PoolClient, projection: ProjectionDefinition, build: SchemaBuild, options: VerifyOptions) {
  await client.query(`SET LOCAL lock_timeout = ${await boundedLockTimeout(client, options.lockTimeoutMs ?? 200)}`);
  const tables = await lockOrder(client, projection.schema, projection.tables(projection.schema).map((t) => t.name));
  // SHARE: queries go on, the live projector waits, so the live tables stay at the checkpoint read next.
  let checkpoint: string;
  try {
    if (tables.length > 0) await client.query(`LOCK TABLE ${tables.join(', ')} IN SHARE MODE`);
    checkpoint = await committedCheckpoint(client, projection.subscription, 'FOR SHARE');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw code === '55P03' || code === '40P01' ? new LockNotTaken((error as Error).message) : error;
  }
  if (compareCheckpoints(build.checkpoint, checkpoint) > 0) {
    throw new Error(`the live checkpoint of ${projection.name} (${checkpoint}) moved back behind the shadow build (${build.checkpoint}); run verify again`);
  }
  await build.finishIn(client, after(checkpoint));
  const liveTables = projection.tables(projection.schema);
  const shadowTables = projection.tables(build.schema);
  const limit = options.maxRowsPerTable ?? 20;
  const results = [];
  for (const [i, live] of liveTables.entries()) results.push(await diffTable(client, live, shadowTables[i]!, limit));
  return { checkpoint, tables: results.map((r) => r.comparison), differences: results.flatMap((r) => r.differences) };
}

/**
 * Rebuilds a projection from the log into a shadow schema and compares it, row by row and column by
 * column, with the live tables at the same checkpoint: the shadow follows the live subscription's
 * checkpoint, then one short transaction locks the live tables against writes (SHARE: queries go on),
 * applies the last events up to that checkpoint to the shadow and compares. The shadow is dropped after.
 */
export async function verifyProjection(pool: Pool, projection: ProjectionDefinition, options: VerifyOptions = {}): Promise<VerifyReport> {
  const started = performance.now();
  const schema = shadowSchema(projection);
  const lock = await lockBuild(pool, schema);
  try {
    let bound = await committedCheckpoint(pool, projection.subscription);
    const resumable = (row: { checkpoint: string }) => compareCheckpoints(row.checkpoint, bound) <= 0;
    const build = await SchemaBuild.open(pool, { projection, schema, purpose: 'verify', whenFilled: 'replace', resumable }, options);
    let compared: Awaited<ReturnType<typeof compareAtLiveCheckpoint>> | undefined;
    for (let attempt = 1; compared === undefined; attempt++) {
      for (let round = 0; round < 3; round++) {
        await build.fill(after(bound));
        const next = await committedCheckpoint(pool, projection.subscription);
        if (next === bound) break;
        bound = next;
      }
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        compared = await compareAtLiveCheckpoint(client, projection, build, options);
      } catch (error) {
        if (!(error instanceof LockNotTaken) || attempt >= 10) throw error;
        options.log?.(`${projection.name}: could not lock the live tables (${error.message}); catching up and trying again`);
      } finally {
        await client.query('ROLLBACK').catch(() => undefined);
        client.release();
      }
    }
    await dropSchema(pool, schema);
    await endBuild(pool, schema);
    const equal = compared.tables.every((t) => t.differentRows === 0);
    return {
      projection: projection.name, ...compared, equal, codeVersion: projection.version,
      storedVersion: (await storedVersions(pool)).get(projection.name)?.version ?? null, events: build.events,
      durationMs: performance.now() - started,
    };
  } finally {
    await lock.release();
  }
}
