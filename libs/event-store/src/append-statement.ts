import { type AppendParams } from './append-request';

/**
 * A one-stream append without an idempotency key as one SQL statement instead of a call to
 * `es.append_stream`: the same checks and the same lock order, without PL/pgSQL's per-statement cost
 * (~20% less server CPU per one-event append).
 *
 * Why one statement keeps the guarantees:
 * - The stream's advisory lock comes first: the stream write reads the `lk` row, so the lock is held
 *   before the first row is written, which is when the transaction gets its xid. Appends to one stream
 *   therefore get increasing xids, as the global log's (transaction, position) order needs.
 * - The statement's snapshot is taken before the lock is granted, but each expected-version form checks
 *   the newest row, not the snapshot's: `UPDATE … WHERE version = n` re-checks a concurrently updated row
 *   (READ COMMITTED's re-check) and `INSERT … ON CONFLICT` sees rows committed after the snapshot.
 * - No row back means the expected version did not hold; nothing was written.
 *
 * Appends with an idempotency key go through `es.append_stream`, whose key lookup must see a key
 * committed while it waited for the lock.
 */

/** Parameters: $1 stream id, $2 stream type, $3 event count, $4 event id(s), $5 type(s), $6 schema version(s), $7 data, $8 metadata (JSON arrays), $9 expected version. */
const LOCK = 'lk AS (SELECT pg_advisory_xact_lock(4242, hashtext($1)))';

const STREAM_WRITE = {
  any: `st AS (INSERT INTO es.streams AS s (stream_id, stream_type, version) SELECT $1, $2, $3::int FROM lk
    ON CONFLICT (stream_id) DO UPDATE SET version = s.version + $3::int, updated_at = now() RETURNING s.version)`,
  new: `st AS (INSERT INTO es.streams (stream_id, stream_type, version) SELECT $1, $2, $3::int FROM lk
    ON CONFLICT (stream_id) DO NOTHING RETURNING version)`,
  exists: `st AS (UPDATE es.streams s SET version = s.version + $3::int, updated_at = now() FROM lk
    WHERE s.stream_id = $1 RETURNING s.version)`,
  exact: `st AS (UPDATE es.streams s SET version = s.version + $3::int, updated_at = now() FROM lk
    WHERE s.stream_id = $1 AND s.version = $9::bigint RETURNING s.version)`,
} as const;

type StreamWrite = keyof typeof STREAM_WRITE;

const INSERT_ONE = `ins AS (INSERT INTO es.events (event_id, stream_id, stream_type, stream_version, type, schema_version, data, metadata)
    SELECT $4::uuid, $1, $2, st.version, $5, $6::int, $7::jsonb -> 0, $8::jsonb -> 0 FROM st RETURNING global_position)`;
const INSERT_MANY = `ins AS (INSERT INTO es.events (event_id, stream_id, stream_type, stream_version, type, schema_version, data, metadata)
    SELECT e.id, $1, $2, st.version - $3::int + e.ord, e.type, e.sv, $7::jsonb -> (e.ord::int - 1), $8::jsonb -> (e.ord::int - 1)
    FROM st, unnest($4::uuid[], $5::text[], $6::int[]) WITH ORDINALITY AS e(id, type, sv, ord)
    ORDER BY e.ord RETURNING global_position)`;
const RESULT = `SELECT st.version::text AS version, pg_current_xact_id()::text AS tx, (SELECT max(global_position) FROM ins)::text AS position FROM st`;

const name = (write: StreamWrite, many: boolean): string => `es_append_${write}_${many ? 'many' : 'one'}`;
const TEXTS = new Map<string, string>(
  (Object.keys(STREAM_WRITE) as StreamWrite[]).flatMap((write) =>
    [false, true].map((many) => [name(write, many), `WITH ${LOCK},\n  ${STREAM_WRITE[write]},\n  ${many ? INSERT_MANY : INSERT_ONE}\n${RESULT}`] as const),
  ),
);

/** The statement's one row; none when the expected version did not hold. */
export interface AppendStatementRow {
  readonly version: string;
  readonly tx: string;
  readonly position: string;
}

/** A prepared-statement query for a one-stream append built by `buildAppendParams` without an idempotency key. */
export function appendStatement(params: AppendParams): { name: string; text: string; values: unknown[] } {
  const expected = params[2][0]!;
  const write: StreamWrite = expected === 'any' ? 'any' : expected === 'no_stream' || expected === '0' ? 'new' : expected === 'stream_exists' ? 'exists' : 'exact';
  const count = params[3][0]!;
  const many = count > 1;
  const statement = name(write, many);
  const values: unknown[] = [params[0][0], params[1][0], count, many ? params[4] : params[4][0], many ? params[5] : params[5][0], many ? params[6] : params[6][0], params[9], params[10]];
  if (write === 'exact') values.push(expected);
  return { name: statement, text: TEXTS.get(statement)!, values };
}
