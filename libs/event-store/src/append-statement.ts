import { type AppendParams } from './append-request';

/**
 * A one-stream append without an idempotency key as one SQL statement instead of a call to
 * `es.append_stream`: the same lock order and the same checks when it writes, without PL/pgSQL's
 * per-statement cost (pgbench: 0.54 of a one-row INSERT against 0.47).
 *
 * - The stream's advisory lock comes before the first write: every write reads the `lk` row, so the
 *   lock is held before a row is written, which is when the transaction gets its xid. Appends to one
 *   stream therefore get increasing xids, as the global log's (transaction, position) order needs.
 * - What it writes is right: `UPDATE … WHERE version = n` re-checks a row updated concurrently
 *   (READ COMMITTED's re-check on the newest row) and `INSERT … ON CONFLICT` sees rows committed after the
 *   statement's snapshot.
 * - It may write nothing where the append should succeed: the statement's snapshot is taken before the
 *   lock is granted, and an UPDATE form that finds no matching row in that snapshot never takes the lock
 *   (e.g. `stream_exists` queued behind the stream's creation). So "no row" is not an answer: the
 *   store then sends the append through `es.append_stream`, which decides under the lock on a fresh
 *   snapshot and raises the conflict, if there is one, with the actual version.
 *
 * Appends with an idempotency key go through `es.append_stream` directly: its key lookup must see a key
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
