import { parseCheckpoint, type Queryable } from '@keel/event-store';

/** What a build is for. */
export type BuildPurpose = 'rebuild' | 'verify' | 'replay';

/** A build in progress, as `projections.builds` records it. */
export interface BuildRow {
  readonly targetSchema: string;
  readonly projection: string;
  readonly purpose: BuildPurpose;
  readonly version: number;
  readonly untilMoment: string | null;
  /** Checkpoint of the last event the committed chunks applied. */
  readonly checkpoint: string;
  readonly events: number;
  readonly startedAt: Date;
  readonly updatedAt: Date;
}

/** The code version a live projection was built with, as `projections.versions` records it. */
export interface StoredVersion {
  readonly version: number;
  readonly rebuiltAt: Date | null;
  readonly rebuiltCheckpoint: string | null;
}

const BUILD_COLUMNS = `target_schema AS "targetSchema", projection, purpose, version, until_moment AS "untilMoment",
  checkpoint_tx::text || ':' || checkpoint_pos AS checkpoint, events::float8 AS events, started_at AS "startedAt", updated_at AS "updatedAt"`;

/** The build into `targetSchema`, if one is in progress. */
export async function readBuild(db: Queryable, targetSchema: string): Promise<BuildRow | undefined> {
  const { rows } = await db.query<BuildRow>(`SELECT ${BUILD_COLUMNS} FROM projections.builds WHERE target_schema = $1`, [targetSchema]);
  return rows[0];
}

/** Every build in progress for `projection`. */
export async function buildsOf(db: Queryable, projection: string): Promise<BuildRow[]> {
  const { rows } = await db.query<BuildRow>(`SELECT ${BUILD_COLUMNS} FROM projections.builds WHERE projection = $1 ORDER BY target_schema`, [projection]);
  return rows;
}

/** Records a new build into `targetSchema` at the start of the log (replacing any earlier record). */
export async function startBuild(db: Queryable, build: Pick<BuildRow, 'targetSchema' | 'projection' | 'purpose' | 'version' | 'untilMoment'>): Promise<BuildRow> {
  const { rows } = await db.query<BuildRow>(
    `INSERT INTO projections.builds (target_schema, projection, purpose, version, until_moment) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (target_schema) DO UPDATE SET projection = EXCLUDED.projection, purpose = EXCLUDED.purpose, version = EXCLUDED.version,
       until_moment = EXCLUDED.until_moment, checkpoint_tx = '0', checkpoint_pos = 0, events = 0, started_at = now(), updated_at = now()
     RETURNING ${BUILD_COLUMNS}`,
    [build.targetSchema, build.projection, build.purpose, build.version, build.untilMoment],
  );
  return rows[0] as BuildRow;
}

/** Moves a build's checkpoint in the transaction that wrote its chunk; throws when the record is gone. */
export async function recordChunk(tx: Queryable, targetSchema: string, checkpoint: string, events: number): Promise<void> {
  const { transactionId, position } = parseCheckpoint(checkpoint);
  const { rowCount } = await tx.query(
    `UPDATE projections.builds SET checkpoint_tx = $2::xid8, checkpoint_pos = $3, events = events + $4, updated_at = now() WHERE target_schema = $1`,
    [targetSchema, transactionId.toString(), position.toString(), events],
  );
  if (rowCount === 0) throw new Error(`the build into schema ${targetSchema} was cancelled (its record in projections.builds is gone)`);
}

/** Forgets the build into `targetSchema`. */
export async function endBuild(db: Queryable, targetSchema: string): Promise<void> {
  await db.query('DELETE FROM projections.builds WHERE target_schema = $1', [targetSchema]);
}

/** The stored versions of every live projection, by name. */
export async function storedVersions(db: Queryable): Promise<Map<string, StoredVersion>> {
  const { rows } = await db.query<StoredVersion & { name: string }>(
    `SELECT name, version, rebuilt_at AS "rebuiltAt", rebuilt_checkpoint AS "rebuiltCheckpoint" FROM projections.versions`,
  );
  return new Map(rows.map(({ name, ...stored }) => [name, stored]));
}

/** Records that `projection`'s live tables were rebuilt by code `version` up to `checkpoint`. */
export async function recordRebuilt(tx: Queryable, projection: string, version: number, checkpoint: string): Promise<void> {
  await tx.query(
    `INSERT INTO projections.versions (name, version, rebuilt_at, rebuilt_checkpoint) VALUES ($1, $2, now(), $3)
     ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version, rebuilt_at = EXCLUDED.rebuilt_at,
       rebuilt_checkpoint = EXCLUDED.rebuilt_checkpoint, updated_at = now()`,
    [projection, version, checkpoint],
  );
}

/**
 * Moves subscription `name` to `checkpoint` (creating its row if needed) and bumps its fencing token: a
 * live instance's batch read before the move cannot commit, and it re-reads the checkpoint on re-acquiring.
 */
export async function moveSubscription(tx: Queryable, name: string, checkpoint: string): Promise<void> {
  const { transactionId, position } = parseCheckpoint(checkpoint);
  await tx.query(
    `INSERT INTO es.subscriptions (name, checkpoint_tx, checkpoint_pos) VALUES ($1, $2::xid8, $3)
     ON CONFLICT (name) DO UPDATE SET checkpoint_tx = EXCLUDED.checkpoint_tx, checkpoint_pos = EXCLUDED.checkpoint_pos,
       fencing_token = es.subscriptions.fencing_token + 1, updated_at = now()`,
    [name, transactionId.toString(), position.toString()],
  );
}
