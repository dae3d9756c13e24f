import { type RecordedEvent } from './types';
import { type UpcasterRegistry } from './upcasters';

/** Column list every event read selects, in the order {@link toRecordedEvent} expects (array row mode). */
export const EVENT_COLUMNS =
  'global_position, transaction_id::text, event_id, stream_id, stream_type, stream_version, type, schema_version, data, metadata, recorded_at';

/**
 * The same columns as one JSON array per event, aggregated into one JSON text per batch: parsing one
 * large JSON document is several times faster in Node than the driver's per-row, per-column parsing.
 */
export const EVENT_JSON_ARRAY =
  'json_build_array(global_position::text, transaction_id::text, event_id, stream_id, stream_type, stream_version, type, schema_version, data, metadata, recorded_at)';

/** Maps one array-mode row (or one {@link EVENT_JSON_ARRAY} element) to an upcast {@link RecordedEvent}. */
export function toRecordedEvent(row: unknown[], upcasters: UpcasterRegistry | undefined): RecordedEvent {
  const position = String(row[0]);
  const transactionId = row[1] as string;
  const type = row[6] as string;
  const metadata = row[9] as Record<string, unknown>;
  let schemaVersion = row[7] as number;
  let data = row[8];
  if (upcasters && upcasters.size > 0) {
    ({ schemaVersion, data } = upcasters.upcast(type, schemaVersion, data, metadata));
  }
  return {
    globalPosition: Number(position),
    transactionId,
    id: row[2] as string,
    streamId: row[3] as string,
    streamType: row[4] as string,
    streamVersion: Number(row[5]),
    type,
    schemaVersion,
    data,
    metadata,
    recordedAt: row[10] instanceof Date ? row[10] : new Date(row[10] as string),
    checkpoint: `${transactionId}:${position}`,
  };
}
