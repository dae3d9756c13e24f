import { type Queryable } from './event-store';

/** When to write a snapshot, and what version of the state's shape it holds. */
export interface SnapshotPolicy<TState> {
  /** Snapshot name, so one stream can hold snapshots of several projections of it. */
  readonly name: string;
  /** Version of the state's shape; a snapshot with another version is stale and ignored. */
  readonly schemaVersion: number;
  /** Write a snapshot each time the stream version crosses a multiple of `every`. */
  readonly every: number;
  /** Optional check that a loaded state is well formed; a failing state counts as corrupt. */
  readonly isValid?: (state: unknown) => state is TState;
}

/** A stored snapshot. */
export interface Snapshot<TState> {
  readonly state: TState;
  readonly streamVersion: number;
  readonly schemaVersion: number;
}

const READ_SNAPSHOT = 'SELECT state, stream_version, schema_version FROM es.snapshots WHERE stream_id = $1 AND name = $2';
const WRITE_SNAPSHOT = `INSERT INTO es.snapshots (stream_id, name, schema_version, stream_version, state) VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (stream_id, name) DO UPDATE
    SET schema_version = EXCLUDED.schema_version, stream_version = EXCLUDED.stream_version, state = EXCLUDED.state, updated_at = now()`;

/** Snapshots live in `es.snapshots`, apart from the events; they are a cache, never the truth. */
export class SnapshotStore {
  constructor(private readonly db: Queryable) {}

  /** Reads the snapshot, or `undefined` when there is none. */
  async read<TState>(streamId: string, name: string): Promise<Snapshot<TState> | undefined> {
    const { rows } = await this.db.query<{ state: TState; stream_version: string; schema_version: number }>({ name: 'es_snapshot_read', text: READ_SNAPSHOT, values: [streamId, name] });
    const row = rows[0];
    return row ? { state: row.state, streamVersion: Number(row.stream_version), schemaVersion: row.schema_version } : undefined;
  }

  /**
   * Writes (or replaces) the snapshot. A racing writer may replace a newer snapshot with an older one;
   * that only lengthens the tail to replay, because loads check the snapshot against the stream.
   */
  async write<TState>(streamId: string, name: string, snapshot: Snapshot<TState>): Promise<void> {
    await this.db.query({
      name: 'es_snapshot_write',
      text: WRITE_SNAPSHOT,
      values: [streamId, name, snapshot.schemaVersion, snapshot.streamVersion, JSON.stringify(snapshot.state)],
    });
  }
}
