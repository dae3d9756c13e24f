-- es.append_batch: group commit. Several independent one-stream appends (different callers' requests)
-- in one transaction and one round trip; each item keeps its own outcome, as if appended alone by
-- es.append_stream:
--   * every item's stream lock is taken first, in sorted order (as es.append_events does), so the xid
--     is assigned only once every lock is held and each stream's versions stay in global-log order;
--   * the batch waits for no stream lock: a lock it cannot take at once (another transaction holds that
--     stream, e.g. the scheduler's pass) answers its items {"error": "busy"}, and the caller appends
--     them alone, where they wait. A batch holding locks while waiting for another could deadlock with
--     a transaction that appends to several streams one call at a time, and a batch waiting for one
--     held stream would hold up every append queued with it. (It can still wait on an idempotency key
--     another transaction is inserting; Postgres resolves a deadlock there, and the caller retries
--     the batch's appends alone.);
--   * each item's checks (idempotency key, expected version) run before that item writes anything, so
--     a failed item writes nothing and the others go on: the batch never raises for an item's conflict;
--   * items on the same stream apply in input order (the second sees the first's version);
--   * the result is a JSON array in input order: an append_stream result, the stored result of an
--     idempotent replay ("replayed": true), or {"error": "KE001", "streamId", "expected", "actual"} /
--     {"error": "KE002"} / {"error": "busy"}.
-- Events arrive as flat parallel arrays; p_counts[i] is how many belong to item i, in order.
CREATE FUNCTION es.append_batch(
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
  v_expected text;
  v_count    integer;
  v_start    integer;
  v_actual   bigint;
  v_matches  boolean;
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
    v_expected := p_expected[v_i];
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

    SELECT version INTO v_actual FROM es.streams WHERE stream_id = v_id;
    IF NOT FOUND THEN
      v_actual := NULL;
    END IF;
    v_matches := CASE v_expected
                   WHEN 'any' THEN true
                   WHEN 'no_stream' THEN v_actual IS NULL
                   WHEN '0' THEN v_actual IS NULL
                   WHEN 'stream_exists' THEN v_actual IS NOT NULL
                   ELSE v_actual IS NOT NULL AND v_actual = v_expected::bigint
                 END;
    IF NOT v_matches THEN
      v_results[v_i] := jsonb_build_object('error', 'KE001', 'streamId', v_id, 'expected', v_expected, 'actual', v_actual);
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

    IF v_actual IS NULL THEN
      INSERT INTO es.streams (stream_id, stream_type, version) VALUES (v_id, p_stream_types[v_i], v_count);
      v_new := v_count;
    ELSE
      UPDATE es.streams SET version = version + v_count, updated_at = now()
        WHERE stream_id = v_id RETURNING version INTO v_new;
    END IF;

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
