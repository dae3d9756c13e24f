import { type AppendParams } from './append-request';

/**
 * A one-stream append with an exact expected version (`no_stream` is version 0) and no idempotency key,
 * as one SQL statement instead of a call to `es.append_stream`: the stream's advisory lock, a check that
 * the stream is at the expected version, and the events' insert.
 *
 * - The lock comes before the first write: the insert reads the `lk` row, so the lock is held before a
 *   row is written, which is when the transaction gets its xid. Appends to one stream therefore get
 *   increasing xids, as the global log's (transaction, position) order needs.
 * - Version `n` is checked in the statement's snapshot, taken before the lock was granted: event `n`
 *   must be there (for n > 0), and event `n + 1` must not exist — that half is the unique index on
 *   (stream_id, stream_version), which also sees events committed after the snapshot. So the statement
 *   either writes exactly what `es.append_stream` would, or:
 *   - raises a unique violation on `events_stream_version_unique`: the stream moved past `n`, a version
 *     conflict, which the store reports as such;
 *   - raises one on the event-id index (checked first), e.g. when an append that committed is retried
 *     with its event ids: the store lets `es.append_stream` decide, which reports the version conflict;
 *   - returns no row: event `n` is not in its snapshot (the stream is behind `n`, or event `n` committed
 *     while this statement waited for the lock). "No row" is not an answer: the store sends the append
 *     through `es.append_stream`, which decides under the lock on a fresh snapshot.
 *
 * `any` and `stream_exists` appends go through `es.append_stream`: their version comes from the stream,
 * which a snapshot older than the lock may not show. So do appends with an idempotency key: the key
 * lookup must see a key committed while the append waited for the lock.
 */

/** Parameters: $1 stream id, $2 stream type, $3 event id(s), $4 type(s), $5 schema version(s), $6 data, $7 metadata (JSON arrays), $8 expected version. */
const LOCK = 'lk AS (SELECT pg_advisory_xact_lock(4242, hashtext($1)))';
const AT_EXPECTED = '($8::bigint = 0 OR EXISTS (SELECT 1 FROM es.events WHERE stream_id = $1 AND stream_version = $8::bigint))';
const RETURNING = 'RETURNING stream_version, transaction_id, global_position';

const INSERT_ONE = `INSERT INTO es.events (event_id, stream_id, stream_type, stream_version, type, schema_version, data, metadata)
  SELECT $3::uuid, $1, $2, $8::bigint + 1, $4, $5::int, $6::jsonb -> 0, $7::jsonb -> 0 FROM lk WHERE ${AT_EXPECTED}
  ${RETURNING}`;
const INSERT_MANY = `INSERT INTO es.events (event_id, stream_id, stream_type, stream_version, type, schema_version, data, metadata)
  SELECT e.id, $1, $2, $8::bigint + e.ord, e.type, e.sv, $6::jsonb -> (e.ord::int - 1), $7::jsonb -> (e.ord::int - 1)
  FROM lk, unnest($3::uuid[], $4::text[], $5::int[]) WITH ORDINALITY AS e(id, type, sv, ord) WHERE ${AT_EXPECTED}
  ORDER BY e.ord ${RETURNING}`;

const ONE = { name: 'es_append_at_one', text: `WITH ${LOCK}\n${INSERT_ONE}` } as const;
const MANY = {
  name: 'es_append_at_many',
  text: `WITH ${LOCK},\n  ins AS (${INSERT_MANY})\nSELECT max(stream_version) AS stream_version, min(transaction_id::text) AS transaction_id, max(global_position) AS global_position FROM ins HAVING count(*) > 0`,
} as const;

/** The statement's one row; none when event `n` was not in its snapshot. */
export interface AppendStatementRow {
  readonly stream_version: string;
  readonly transaction_id: string;
  readonly global_position: string;
}

/** The unique index whose violation by the statement means the stream is past the expected version. */
export const STREAM_VERSION_UNIQUE = 'events_stream_version_unique';
/** The unique index of event ids: its violation is decided again by `es.append_stream`. */
export const EVENT_ID_UNIQUE = 'events_event_id_key';

/**
 * The prepared-statement query for a one-stream append built by `buildAppendParams`, or `undefined`
 * when the append must go through `es.append_stream` (`any`, `stream_exists`, an idempotency key).
 */
export function appendStatement(params: AppendParams): { name: string; text: string; values: unknown[] } | undefined {
  const expected = params[2][0]!;
  if (params[11] !== null || expected === 'any' || expected === 'stream_exists') return undefined;
  const many = params[3][0]! > 1;
  const statement = many ? MANY : ONE;
  const values: unknown[] = [
    params[0][0],
    params[1][0],
    many ? params[4] : params[4][0],
    many ? params[5] : params[5][0],
    many ? params[6] : params[6][0],
    params[9],
    params[10],
    expected === 'no_stream' ? '0' : expected,
  ];
  return { name: statement.name, text: statement.text, values };
}
