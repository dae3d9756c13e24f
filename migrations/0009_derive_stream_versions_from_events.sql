-- A stream's version is the highest stream_version among its events, read through the
-- (stream_id, stream_version) unique index; es.streams, which kept a second copy of it, is no longer
-- written. Every append wrote that table as well as the event (an UPDATE or an upsert per stream, with
-- its own WAL record and index work) for a number the events' own index already holds.
--   * The guarantees do not move. Every append still takes its streams' advisory locks first, in sorted
--     order, before its first write (so its xid comes after them); the functions below read the version
--     after the lock, in a statement whose snapshot (READ COMMITTED, as every caller here uses) sees
--     every earlier holder's commit.
--   * The unique index on (stream_id, stream_version) is the last word: two appends that both computed
--     version n + 1 cannot both commit. Under the lock that cannot happen in these functions; the store's
--     one-statement append (which reads in a snapshot taken before the lock is granted) relies on it and
--     reports the unique violation as a version conflict.
--   * An append in a transaction that already had an xid before the lock (a caller's transaction that
--     wrote first) is refused when its stream was appended to by a newer transaction (KE003): it would
--     land before that transaction's events in the global log. Earlier such appends were accepted.
--   * es.streams stays until a later migration drops it (expand, then contract): during a rolling deploy
--     the binaries from before this migration still write it and read their versions from it. They stay
--     correct (a version they compute from a stale row either finds no row to update, and falls back to
--     es.append_stream below, or collides with the unique index), at worst failing a conflicting append
--     with a raw unique violation instead of a version conflict until they are replaced.
-- The three append functions are replaced with the same signatures and results; the expected-version
-- check, the conflict they raise and the idempotency-key claim are written once, below.

-- Whether a stream at version p_actual (NULL: no event yet) satisfies the expected version.
CREATE FUNCTION es.version_matches(p_expected text, p_actual bigint) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE
AS $$
BEGIN
  -- A NULL expected version matches nothing (the CASE alone would answer NULL, which IF NOT lets through).
  RETURN coalesce(CASE p_expected
                    WHEN 'any' THEN true
                    WHEN 'no_stream' THEN p_actual IS NULL
                    WHEN '0' THEN p_actual IS NULL
                    WHEN 'stream_exists' THEN p_actual IS NOT NULL
                    ELSE p_actual IS NOT NULL AND p_actual = p_expected::bigint
                  END, false);
END;
$$;

-- The version conflict: SQLSTATE KE001 with a JSON DETAIL {streamId, expected, actual}.
CREATE FUNCTION es.raise_wrong_version(p_stream_id text, p_expected text, p_actual bigint) RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'KE001',
    MESSAGE = format('wrong expected version for stream %s: expected %s, actual %s',
                     p_stream_id, p_expected, coalesce(p_actual::text, 'no_stream')),
    DETAIL = jsonb_build_object('streamId', p_stream_id, 'expected', p_expected, 'actual', p_actual)::text;
END;
$$;

-- An append's idempotency key, claimed before the append decides: NULL when the key is new (the append
-- goes on, and stores its result there once it has one); the stored result, marked replayed, when the same
-- request already used it; KE002 when another request did.
CREATE FUNCTION es.claim_idempotency_key(p_key text, p_request_hash text) RETURNS jsonb
LANGUAGE plpgsql
AS $$
DECLARE
  v_prior es.idempotency_keys%ROWTYPE;
BEGIN
  INSERT INTO es.idempotency_keys (key, request_hash) VALUES (p_key, p_request_hash) ON CONFLICT (key) DO NOTHING;
  IF FOUND THEN
    RETURN NULL;
  END IF;
  SELECT * INTO v_prior FROM es.idempotency_keys WHERE key = p_key;
  IF v_prior.request_hash IS DISTINCT FROM p_request_hash THEN
    RAISE EXCEPTION USING ERRCODE = 'KE002',
      MESSAGE = format('idempotency key %s was already used for a different request', p_key);
  END IF;
  -- A committed key always has its append's result; one without (written by hand) must not let the
  -- append go on as if the key were new.
  IF v_prior.result IS NULL THEN
    RAISE EXCEPTION 'idempotency key % is recorded without a result', p_key;
  END IF;
  RETURN v_prior.result || jsonb_build_object('replayed', true);
END;
$$;

-- Per-stream order in the global log needs an append's xid to be newer than its stream's last event's.
-- It is when the transaction gets its xid after the stream lock. A caller's transaction that wrote before
-- appending (p_xid: its xid before the lock) has an older one; if a newer transaction appended to the
-- stream meanwhile, the append is refused: KE003, a conflict to retry in a new transaction.
CREATE FUNCTION es.check_append_order(p_stream_id text, p_xid xid8) RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
  v_last    xid8;
  v_version bigint;
BEGIN
  SELECT transaction_id, stream_version INTO v_last, v_version FROM es.events WHERE stream_id = p_stream_id
    ORDER BY stream_version DESC LIMIT 1;
  IF v_last > p_xid THEN
    RAISE EXCEPTION USING ERRCODE = 'KE003',
      MESSAGE = format('stream %s was appended to by transaction %s, newer than this one (%s): append in a new transaction',
                       p_stream_id, v_last, p_xid),
      DETAIL = jsonb_build_object('streamId', p_stream_id, 'actual', v_version)::text;
  END IF;
END;
$$;

CREATE OR REPLACE FUNCTION es.append_events(
  p_stream_ids      text[],
  p_stream_types    text[],
  p_expected        text[],
  p_counts          integer[],
  p_event_ids       uuid[],
  p_types           text[],
  p_schema_versions integer[],
  p_event_streams   integer[],
  p_event_offsets   integer[],
  p_data            jsonb,
  p_metadata        jsonb,
  p_idempotency_key text DEFAULT NULL,
  p_request_hash    text DEFAULT NULL,
  p_notify          boolean DEFAULT true
) RETURNS jsonb
LANGUAGE plpgsql
SET jit = off
AS $$
DECLARE
  v_stream   text;
  v_idx      integer;
  v_expected text;
  v_actual   bigint;
  v_new      bigint;
  v_xid      xid8 := pg_current_xact_id_if_assigned();  -- before the locks
  v_bases    bigint[] := '{}';
  v_streams  jsonb := '[]';
  v_last     bigint;
  v_result   jsonb;
BEGIN
  FOR v_stream IN SELECT DISTINCT s FROM unnest(p_stream_ids) AS s ORDER BY 1 LOOP
    PERFORM pg_advisory_xact_lock(4242, hashtext(v_stream));
  END LOOP;

  IF p_idempotency_key IS NOT NULL THEN
    v_result := es.claim_idempotency_key(p_idempotency_key, p_request_hash);
    IF v_result IS NOT NULL THEN
      RETURN v_result;
    END IF;
  END IF;

  FOR v_idx IN 1 .. coalesce(array_length(p_stream_ids, 1), 0) LOOP
    v_stream := p_stream_ids[v_idx];
    v_expected := p_expected[v_idx];
    SELECT max(stream_version) INTO v_actual FROM es.events WHERE stream_id = v_stream;
    IF NOT es.version_matches(v_expected, v_actual) THEN
      PERFORM es.raise_wrong_version(v_stream, v_expected, v_actual);
    END IF;
    IF v_xid IS NOT NULL THEN
      PERFORM es.check_append_order(v_stream, v_xid);
    END IF;
    v_new := coalesce(v_actual, 0) + p_counts[v_idx];
    v_bases := v_bases || (v_new - p_counts[v_idx]);
    v_streams := v_streams || jsonb_build_object('streamId', v_stream, 'version', v_new);
  END LOOP;

  WITH inserted AS (
    INSERT INTO es.events (event_id, stream_id, stream_type, stream_version, type, schema_version, data, metadata)
    SELECT e.id, p_stream_ids[e.si], p_stream_types[e.si], v_bases[e.si] + e.k, e.type, e.sv,
           p_data -> (e.ord::integer - 1), p_metadata -> (e.ord::integer - 1)
    FROM unnest(p_event_ids, p_types, p_schema_versions, p_event_streams, p_event_offsets)
         WITH ORDINALITY AS e(id, type, sv, si, k, ord)
    ORDER BY e.ord
    RETURNING global_position
  )
  SELECT max(global_position) INTO v_last FROM inserted;

  v_result := jsonb_build_object(
    'streams', v_streams,
    'transactionId', pg_current_xact_id()::text,
    'position', v_last,
    'types', to_jsonb(p_types),
    'replayed', false);

  IF p_idempotency_key IS NOT NULL THEN
    UPDATE es.idempotency_keys SET result = v_result WHERE key = p_idempotency_key;
  END IF;
  IF p_notify THEN
    PERFORM pg_notify('keel_events', '');
  END IF;
  RETURN v_result;
END;
$$;

CREATE OR REPLACE FUNCTION es.append_stream(
  p_stream_id       text,
  p_stream_type     text,
  p_expected        text,
  p_event_ids       uuid[],
  p_types           text[],
  p_schema_versions integer[],
  p_data            jsonb,
  p_metadata        jsonb,
  p_idempotency_key text DEFAULT NULL,
  p_request_hash    text DEFAULT NULL,
  p_notify          boolean DEFAULT true
) RETURNS jsonb
LANGUAGE plpgsql
SET jit = off
AS $$
DECLARE
  v_count    integer := cardinality(p_event_ids);
  v_xid      xid8 := pg_current_xact_id_if_assigned();  -- before the lock
  v_actual   bigint;
  v_new      bigint;
  v_last     bigint;
  v_result   jsonb;
BEGIN
  PERFORM pg_advisory_xact_lock(4242, hashtext(p_stream_id));

  IF p_idempotency_key IS NOT NULL THEN
    v_result := es.claim_idempotency_key(p_idempotency_key, p_request_hash);
    IF v_result IS NOT NULL THEN
      RETURN v_result;
    END IF;
  END IF;

  SELECT max(stream_version) INTO v_actual FROM es.events WHERE stream_id = p_stream_id;
  IF NOT es.version_matches(p_expected, v_actual) THEN
    PERFORM es.raise_wrong_version(p_stream_id, p_expected, v_actual);
  END IF;
  IF v_xid IS NOT NULL THEN
    PERFORM es.check_append_order(p_stream_id, v_xid);
  END IF;
  v_new := coalesce(v_actual, 0) + v_count;

  IF v_count = 1 THEN
    INSERT INTO es.events (event_id, stream_id, stream_type, stream_version, type, schema_version, data, metadata)
      VALUES (p_event_ids[1], p_stream_id, p_stream_type, v_new, p_types[1], p_schema_versions[1], p_data -> 0, p_metadata -> 0)
      RETURNING global_position INTO v_last;
  ELSE
    WITH inserted AS (
      INSERT INTO es.events (event_id, stream_id, stream_type, stream_version, type, schema_version, data, metadata)
      SELECT e.id, p_stream_id, p_stream_type, v_new - v_count + e.ord, e.type, e.sv,
             p_data -> (e.ord::integer - 1), p_metadata -> (e.ord::integer - 1)
      FROM unnest(p_event_ids, p_types, p_schema_versions) WITH ORDINALITY AS e(id, type, sv, ord)
      ORDER BY e.ord
      RETURNING global_position
    )
    SELECT max(global_position) INTO v_last FROM inserted;
  END IF;

  v_result := jsonb_build_object(
    'streams', jsonb_build_array(jsonb_build_object('streamId', p_stream_id, 'version', v_new)),
    'transactionId', pg_current_xact_id()::text,
    'position', v_last,
    'types', to_jsonb(p_types),
    'replayed', false);

  IF p_idempotency_key IS NOT NULL THEN
    UPDATE es.idempotency_keys SET result = v_result WHERE key = p_idempotency_key;
  END IF;
  IF p_notify THEN
    PERFORM pg_notify('keel_events', '');
  END IF;
  RETURN v_result;
END;
$$;

CREATE OR REPLACE FUNCTION es.append_batch(
  p_stream_ids      text[],
  p_stream_types    text[],
  p_expected        text[],
  p_counts          integer[],
  p_event_ids       uuid[],
  p_types           text[],
  p_schema_versions integer[],
  p_data            jsonb,
  p_metadata        jsonb,
  p_keys            text[],
  p_hashes          text[]
) RETURNS jsonb
LANGUAGE plpgsql
SET jit = off
AS $$
DECLARE
  v_n        integer := cardinality(p_stream_ids);
  v_starts   integer[] := array_fill(0, ARRAY[cardinality(p_stream_ids)]);
  v_results  jsonb[] := array_fill(NULL::jsonb, ARRAY[cardinality(p_stream_ids)]);
  v_stream   text;
  v_i        integer;
  v_id       text;
  v_count    integer;
  v_start    integer;
  v_actual   bigint;
  v_new      bigint;
  v_last     bigint;
  v_result   jsonb;
  v_prior    es.idempotency_keys%ROWTYPE;
  v_busy     text[] := '{}';
BEGIN
  FOR v_stream IN SELECT DISTINCT s FROM unnest(p_stream_ids) AS s ORDER BY 1 LOOP
    IF NOT pg_try_advisory_xact_lock(4242, hashtext(v_stream)) THEN
      v_busy := v_busy || v_stream;
    END IF;
  END LOOP;
  FOR v_i IN 2..v_n LOOP
    v_starts[v_i] := v_starts[v_i - 1] + p_counts[v_i - 1];
  END LOOP;

  FOR v_i IN 1..v_n LOOP
    v_id := p_stream_ids[v_i];
    v_count := p_counts[v_i];
    v_start := v_starts[v_i];

    IF v_id = ANY (v_busy) THEN
      v_results[v_i] := '{"error": "busy"}'::jsonb;
      CONTINUE;
    END IF;

    IF p_keys[v_i] IS NOT NULL THEN
      SELECT * INTO v_prior FROM es.idempotency_keys WHERE key = p_keys[v_i];
      IF FOUND THEN
        v_results[v_i] := CASE WHEN v_prior.request_hash IS DISTINCT FROM p_hashes[v_i] THEN '{"error": "KE002"}'::jsonb
                               ELSE v_prior.result || '{"replayed": true}'::jsonb END;
        CONTINUE;
      END IF;
    END IF;

    -- Items on the same stream apply in input order: this statement sees the earlier items' events.
    SELECT max(stream_version) INTO v_actual FROM es.events WHERE stream_id = v_id;
    IF NOT es.version_matches(p_expected[v_i], v_actual) THEN
      v_results[v_i] := jsonb_build_object('error', 'KE001', 'streamId', v_id, 'expected', p_expected[v_i], 'actual', v_actual);
      CONTINUE;
    END IF;

    IF p_keys[v_i] IS NOT NULL THEN
      -- Another transaction may have recorded the key since the look-up (a reused key on another stream):
      -- ON CONFLICT waits for it, and this item then answers as a replay or KE002.
      INSERT INTO es.idempotency_keys (key, request_hash) VALUES (p_keys[v_i], p_hashes[v_i])
        ON CONFLICT (key) DO NOTHING;
      IF NOT FOUND THEN
        SELECT * INTO v_prior FROM es.idempotency_keys WHERE key = p_keys[v_i];
        v_results[v_i] := CASE WHEN v_prior.request_hash IS DISTINCT FROM p_hashes[v_i] THEN '{"error": "KE002"}'::jsonb
                               ELSE v_prior.result || '{"replayed": true}'::jsonb END;
        CONTINUE;
      END IF;
    END IF;

    v_new := coalesce(v_actual, 0) + v_count;
    IF v_count = 1 THEN
      INSERT INTO es.events (event_id, stream_id, stream_type, stream_version, type, schema_version, data, metadata)
        VALUES (p_event_ids[v_start + 1], v_id, p_stream_types[v_i], v_new, p_types[v_start + 1],
                p_schema_versions[v_start + 1], p_data -> v_start, p_metadata -> v_start)
        RETURNING global_position INTO v_last;
    ELSE
      WITH inserted AS (
        INSERT INTO es.events (event_id, stream_id, stream_type, stream_version, type, schema_version, data, metadata)
        SELECT p_event_ids[v_start + k], v_id, p_stream_types[v_i], v_new - v_count + k, p_types[v_start + k],
               p_schema_versions[v_start + k], p_data -> (v_start + k - 1), p_metadata -> (v_start + k - 1)
        FROM generate_series(1, v_count) AS k
        ORDER BY k
        RETURNING global_position
      )
      SELECT max(global_position) INTO v_last FROM inserted;
    END IF;

    v_result := jsonb_build_object(
      'streams', jsonb_build_array(jsonb_build_object('streamId', v_id, 'version', v_new)),
      'transactionId', pg_current_xact_id()::text,
      'position', v_last,
      'types', to_jsonb(p_types[v_start + 1 : v_start + v_count]),
      'replayed', false);
    IF p_keys[v_i] IS NOT NULL THEN
      UPDATE es.idempotency_keys SET result = v_result WHERE key = p_keys[v_i];
    END IF;
    v_results[v_i] := v_result;
  END LOOP;
  RETURN to_jsonb(v_results);
END;
$$;

COMMENT ON TABLE es.streams IS
  'Not written since migration 0009 (a stream''s version is max(stream_version) of its events); kept for binaries from before it during a rolling deploy, dropped by a later migration.';
