-- es.append_events: one round trip appends to one or more streams atomically.
--   * stream locks are taken first, in sorted order, as transaction-level advisory locks: they assign no
--     transaction id, so the xid is assigned only once every lock is held. A later append to the same
--     stream therefore always has a larger xid, and (transaction_id, global_position) order keeps each
--     stream's versions in order.
--   * expected version per stream: 'any' | 'no_stream' | 'stream_exists' | '<n>' (n = events in stream).
--     A mismatch raises SQLSTATE KE001 with a JSON DETAIL {streamId, expected, actual}.
--   * events arrive as parallel arrays; p_event_streams is each event's 1-based index into p_stream_ids and
--     p_event_offsets its 1-based position among that stream's events in this append.
--   * idempotency: a key already recorded returns the stored result (replayed=true) and writes nothing;
--     the same key with a different request raises KE002.
CREATE FUNCTION es.append_events(
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
-- Array-function row estimates are large enough to trigger JIT compilation (~250 ms) on a one-row insert.
SET jit = off
AS $$
DECLARE
  v_stream   text;
  v_idx      integer;
  v_count    integer;
  v_expected text;
  v_new      bigint;
  v_actual   bigint;
  v_bases    bigint[] := '{}';
  v_streams  jsonb := '[]';
  v_last     bigint;
  v_result   jsonb;
  v_prior    es.idempotency_keys%ROWTYPE;
BEGIN
  FOR v_stream IN SELECT DISTINCT s FROM unnest(p_stream_ids) AS s ORDER BY 1 LOOP
    PERFORM pg_advisory_xact_lock(4242, hashtext(v_stream));
  END LOOP;

  IF p_idempotency_key IS NOT NULL THEN
    INSERT INTO es.idempotency_keys (key, request_hash) VALUES (p_idempotency_key, p_request_hash)
      ON CONFLICT (key) DO NOTHING;
    IF NOT FOUND THEN
      SELECT * INTO v_prior FROM es.idempotency_keys WHERE key = p_idempotency_key;
      IF v_prior.request_hash IS DISTINCT FROM p_request_hash THEN
        RAISE EXCEPTION USING ERRCODE = 'KE002',
          MESSAGE = format('idempotency key %s was already used for a different request', p_idempotency_key);
      END IF;
      RETURN v_prior.result || jsonb_build_object('replayed', true);
    END IF;
  END IF;

  FOR v_idx IN 1 .. coalesce(array_length(p_stream_ids, 1), 0) LOOP
    v_stream := p_stream_ids[v_idx];
    v_count := p_counts[v_idx];
    v_expected := p_expected[v_idx];
    v_new := NULL;
    IF v_expected = 'any' THEN
      INSERT INTO es.streams AS s (stream_id, stream_type, version) VALUES (v_stream, p_stream_types[v_idx], v_count)
        ON CONFLICT (stream_id) DO UPDATE SET version = s.version + v_count, updated_at = now()
        RETURNING s.version INTO v_new;
    ELSIF v_expected IN ('no_stream', '0') THEN
      INSERT INTO es.streams (stream_id, stream_type, version) VALUES (v_stream, p_stream_types[v_idx], v_count)
        ON CONFLICT (stream_id) DO NOTHING
        RETURNING version INTO v_new;
    ELSIF v_expected = 'stream_exists' THEN
      UPDATE es.streams SET version = version + v_count, updated_at = now()
        WHERE stream_id = v_stream RETURNING version INTO v_new;
    ELSE
      UPDATE es.streams SET version = version + v_count, updated_at = now()
        WHERE stream_id = v_stream AND version = v_expected::bigint RETURNING version INTO v_new;
    END IF;
    IF v_new IS NULL THEN
      SELECT version INTO v_actual FROM es.streams WHERE stream_id = v_stream;
      RAISE EXCEPTION USING ERRCODE = 'KE001',
        MESSAGE = format('wrong expected version for stream %s: expected %s, actual %s',
                         v_stream, v_expected, coalesce(v_actual::text, 'no_stream')),
        DETAIL = jsonb_build_object('streamId', v_stream, 'expected', v_expected, 'actual', v_actual)::text;
    END IF;
    v_bases := v_bases || (v_new - v_count);
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
