-- Comparison shapes for the append floor (bench/pgbench/run.sh); created in a throw-away database only.
CREATE TABLE bench_baseline (id bigserial PRIMARY KEY, data jsonb NOT NULL);

-- The least an append can do and keep its guarantees, as PL/pgSQL: lock the stream, read and check its
-- version (the highest stream_version of its events), insert.
CREATE FUNCTION es.bench_minimal_append(p_stream text, p_type text, p_id uuid, p_etype text, p_data jsonb) RETURNS jsonb
LANGUAGE plpgsql SET jit = off AS $$
DECLARE v_cur bigint; v_pos bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(4242, hashtext(p_stream));
  SELECT coalesce(max(stream_version), 0) INTO v_cur FROM es.events WHERE stream_id = p_stream;
  IF v_cur <> 0 THEN RAISE EXCEPTION USING ERRCODE = 'KE001', MESSAGE = 'wrong expected version'; END IF;
  INSERT INTO es.events (event_id, stream_id, stream_type, stream_version, type, schema_version, data, metadata)
    VALUES (p_id, p_stream, p_type, v_cur + 1, p_etype, 1, p_data, '{}') RETURNING global_position INTO v_pos;
  RETURN jsonb_build_object('version', v_cur + 1, 'transactionId', pg_current_xact_id()::text, 'position', v_pos);
END $$;
