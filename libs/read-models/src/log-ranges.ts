import { type Queryable, type RecordedEvent, type UpcasterRegistry } from '@keel/event-store';

const HEAD_SQL = `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon,
  (SELECT coalesce(max(global_position), 0) FROM es.events)::float8 AS head`;
const RANGE_SQL = `SELECT coalesce(json_agg(json_build_array(global_position, transaction_id::text, event_id, stream_id, stream_type,
    stream_version, type, schema_version, data, metadata, recorded_at) ORDER BY global_position), '[]')::text AS batch
  FROM es.events WHERE global_position >= $1 AND global_position < $2 AND transaction_id < $3::xid8`;

type Row = [number, string, string, string, string, number, string, number, unknown, Record<string, unknown>, string];

function toEvent(row: Row, upcasters: UpcasterRegistry | undefined): RecordedEvent {
  const [position, transactionId, id, streamId, streamType, streamVersion, type, version, rawData, metadata, recordedAt] = row;
  const { schemaVersion, data } = upcasters && upcasters.size > 0 ? upcasters.upcast(type, version, rawData, metadata) : { schemaVersion: version, data: rawData };
  return {
    id, streamId, streamType, streamVersion, globalPosition: position, transactionId, type, schemaVersion, data, metadata,
    recordedAt: new Date(recordedAt), checkpoint: `${transactionId}:${position}`,
  };
}

/** Options of {@link readLogInRanges}. */
export interface RangeReadOptions {
  readonly batchSize: number;
  /** Range reads in flight at once (each on its own connection when `client` is a pool). */
  readonly concurrency: number;
  readonly upcasters?: UpcasterRegistry;
}

/**
 * The committed log in global-position ranges, read `concurrency` ranges at a time, yielded in position
 * order. Only for rebuilds: every transaction below the horizon taken at the start has finished, so the
 * ranges hold every event a subscription could have applied. Position order keeps each stream's order
 * (appends to a stream take its lock before drawing positions) but not the cross-stream (transaction,
 * position) order — which the projections do not need, since each read table belongs to one stream.
 */
export async function* readLogInRanges(client: Queryable, options: RangeReadOptions): AsyncGenerator<RecordedEvent[]> {
  const { rows } = await client.query<{ horizon: string; head: number }>(HEAD_SQL);
  const { horizon, head } = rows[0] as { horizon: string; head: number };
  const read = async (from: number): Promise<RecordedEvent[]> => {
    const result = await client.query<{ batch: string }>(RANGE_SQL, [from, from + options.batchSize, horizon]);
    return (JSON.parse((result.rows[0] as { batch: string }).batch) as Row[]).map((row) => toEvent(row, options.upcasters));
  };
  const inFlight: Promise<RecordedEvent[]>[] = [];
  let next = 1;
  const fill = (): void => {
    while (inFlight.length < options.concurrency && next <= head) {
      const pending = read(next);
      pending.catch(() => undefined);
      inFlight.push(pending);
      next += options.batchSize;
    }
  };
  fill();
  while (inFlight.length > 0) {
    const events = await (inFlight.shift() as Promise<RecordedEvent[]>);
    fill();
    if (events.length > 0) yield events;
  }
}
