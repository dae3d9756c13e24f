\set s random(1, 1000000000)
WITH lk AS (SELECT pg_advisory_xact_lock(4242, hashtext('deployment-t' || :client_id || '-' || :s))),
  st AS (INSERT INTO es.streams (stream_id, stream_type, version) SELECT 'deployment-t' || :client_id || '-' || :s, 'deployment', 1 FROM lk ON CONFLICT DO NOTHING RETURNING version),
  ins AS (INSERT INTO es.events (event_id, stream_id, stream_type, stream_version, type, schema_version, data, metadata) SELECT gen_random_uuid(), 'deployment-t' || :client_id || '-' || :s, 'deployment', st.version, 'DeploymentScaled', 1, '[{"replicas": 3, "reason": "bench"}]'::jsonb -> 0, '[{}]'::jsonb -> 0 FROM st RETURNING global_position)
SELECT st.version::text, pg_current_xact_id()::text, (SELECT max(global_position) FROM ins)::text FROM st;
