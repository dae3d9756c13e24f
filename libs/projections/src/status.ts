import { committedCheckpoint, PostgresEventStore } from '@keel/event-store';
import { type Pool } from 'pg';
import { type BuildRow, buildsOf, storedVersions } from './bookkeeping';
import { type ProjectionDefinition } from './catalogue';
import { tablesOf } from './schema-copy';

/** `live`: serving at its code version; `needs-rebuild`: built by another code version; `rebuilding`: a rebuild is under way or was interrupted. */
export type ProjectionState = 'live' | 'rebuilding' | 'needs-rebuild';

/** Where a projection stands. */
export interface ProjectionStatus {
  readonly name: string;
  readonly description: string;
  readonly schema: string;
  readonly subscription: string;
  readonly state: ProjectionState;
  readonly codeVersion: number;
  /** Version the live tables were built with; null when none was recorded. */
  readonly storedVersion: number | null;
  readonly rebuiltAt: Date | null;
  /** Checkpoint the live subscription has committed. */
  readonly checkpoint: string;
  /** Newest checkpoint visible in the log. */
  readonly head: string;
  readonly lag: {
    /** Visible events after the checkpoint. */
    readonly events: number;
    /** Age of the oldest of them in seconds (0 when caught up). */
    readonly seconds: number;
  };
  /** The instance holding the subscription's lease, if its lease is current. */
  readonly activeInstance: string | null;
  /** Rebuilds, verifies and replays of this projection in progress (or interrupted). */
  readonly builds: readonly BuildRow[];
}

/** Where a projection stands, with row counts of its live tables. */
export interface DetailedProjectionStatus extends ProjectionStatus {
  readonly tables: readonly { readonly table: string; readonly rows: number }[];
}

const LAG = `SELECT count(*)::float8 AS events, coalesce(extract(epoch FROM now() - min(recorded_at)), 0)::float8 AS seconds
  FROM es.events WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint) AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())`;
const LEASE = 'SELECT owner FROM es.subscriptions WHERE name = $1 AND owner IS NOT NULL AND lease_until > now()';

/** Status of each projection of `catalogue` (checkpoint, lag, versions, state). */
export async function projectionStatuses(pool: Pool, catalogue: readonly ProjectionDefinition[]): Promise<ProjectionStatus[]> {
  const stored = await storedVersions(pool);
  const head = await new PostgresEventStore(pool, { notify: false }).headCheckpoint();
  const statuses: ProjectionStatus[] = [];
  for (const projection of catalogue) {
    const checkpoint = await committedCheckpoint(pool, projection.subscription);
    const { rows } = await pool.query<{ events: number; seconds: number }>(LAG, checkpoint.split(':'));
    const { rows: lease } = await pool.query<{ owner: string }>(LEASE, [projection.subscription]);
    const builds = await buildsOf(pool, projection.name);
    const version = stored.get(projection.name);
    const rebuilding = builds.some((b) => b.purpose === 'rebuild');
    const state: ProjectionState = rebuilding ? 'rebuilding' : version?.version === projection.version ? 'live' : 'needs-rebuild';
    statuses.push({
      name: projection.name, description: projection.description, schema: projection.schema, subscription: projection.subscription, state,
      codeVersion: projection.version, storedVersion: version?.version ?? null, rebuiltAt: version?.rebuiltAt ?? null, checkpoint, head,
      lag: { events: rows[0]?.events ?? 0, seconds: Math.round((rows[0]?.seconds ?? 0) * 1000) / 1000 }, activeInstance: lease[0]?.owner ?? null, builds,
    });
  }
  return statuses;
}

/** {@link projectionStatuses} with the row count of every live table. */
export async function detailedStatuses(pool: Pool, catalogue: readonly ProjectionDefinition[]): Promise<DetailedProjectionStatus[]> {
  const statuses = await projectionStatuses(pool, catalogue);
  return Promise.all(
    statuses.map(async (status) => {
      const tables = [];
      for (const table of await tablesOf(pool, status.schema)) {
        const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::float8 AS n FROM ${table}`);
        tables.push({ table: table.replace(/"/g, ''), rows: rows[0]?.n ?? 0 });
      }
      return { ...status, tables };
    }),
  );
}
