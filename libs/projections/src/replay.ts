import { PostgresEventStore } from '@keel/event-store';
import { type AsOf, type Cut, isPast, resolveCut } from '@keel/history';
import { invalid } from '@keel/kernel';
import { type Pool } from 'pg';
import { endBuild, readBuild } from './bookkeeping';
import { lockBuild } from './build-lock';
import { PROJECTIONS, type ProjectionDefinition } from './catalogue';
import { quoteIdent } from './schema-copy';
import { type BuildOptions, SchemaBuild } from './schema-build';
import { assertUserSchema } from './schema-names';

/** Options of {@link replayInto}. */
export interface ReplayOptions extends BuildOptions {
  /** Names of the inputs, for error messages (default `into` and `until`). */
  readonly parameters?: { readonly into: string; readonly until: string };
}

/** What a replay did. */
export interface ReplayReport {
  readonly projection: string;
  readonly schema: string;
  /** The moment replayed up to (`time <ISO>` or `checkpoint <tx>:<position>`). */
  readonly until: string;
  /** Checkpoint of the last event the copy holds (`0:0` for none). */
  readonly checkpoint: string;
  readonly events: number;
  /** Checkpoint an interrupted replay was resumed from; null for a fresh one. */
  readonly resumedFrom: string | null;
  readonly durationMs: number;
}

function describeCut(cut: Cut): string {
  return cut.kind === 'time' ? `time ${cut.time.toISOString()}` : `checkpoint ${cut.checkpoint}`;
}

/**
 * A forensic copy: projects the log up to `until` (the last event at or before a checkpoint, or before
 * the first event later than a time — the cut `keel state --as-of` uses) into the new schema `into`,
 * next to the live tables. Refuses a schema that exists and is not empty, and Keel's own schemas.
 * Committed in chunks; an interrupted replay resumes when run again with the same `until`.
 */
export async function replayInto(pool: Pool, projection: ProjectionDefinition, into: string, until: AsOf, options: ReplayOptions = {}): Promise<ReplayReport> {
  const started = performance.now();
  const parameters = options.parameters ?? { into: 'into', until: 'until' };
  assertUserSchema(into, parameters.into, PROJECTIONS);
  const cut = await resolveCut(new PostgresEventStore(pool, { notify: false }), until, parameters.until);
  const moment = describeCut(cut);
  const lock = await lockBuild(pool, into);
  try {
    const unfinished = await readBuild(pool, into);
    if (unfinished && unfinished.untilMoment !== moment) {
      throw invalid(parameters.into, `schema "${into}" holds an unfinished replay until ${unfinished.untilMoment}; run it again with that moment to finish it, or drop the schema`);
    }
    const whenFilled = () => invalid(parameters.into, `schema "${into}" already exists and is not empty; choose a new schema name or drop it first`);
    const build = await SchemaBuild.open(pool, { projection, schema: into, purpose: 'replay', untilMoment: moment, whenFilled }, options);
    const resumedFrom = build.events > 0 ? build.checkpoint : null;
    await build.fill((event) => isPast(event, cut));
    await pool.query(`COMMENT ON SCHEMA ${quoteIdent(into)} IS ${quoteLiteral(`keel replay of ${projection.name} until ${moment}: ${build.events} events, checkpoint ${build.checkpoint}`)}`);
    await endBuild(pool, into);
    return { projection: projection.name, schema: into, until: moment, checkpoint: build.checkpoint, events: build.events, resumedFrom, durationMs: performance.now() - started };
  } finally {
    await lock.release();
  }
}

function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
