\set s random(1, 1000000000)
\set v 0
WITH lk AS (SELECT pg_advisory_xact_lock(4242, hashtext('deployment-t' || :client_id || '-' || :s)))
INSERT INTO es.events (event_id, stream_id, stream_type, stream_version, type, schema_version, data, metadata)
  SELECT gen_random_uuid(), 'deployment-t' || :client_id || '-' || :s, 'deployment', :v::bigint + 1, 'DeploymentScaled', 1, '[{"replicas": 3, "reason": "bench"}]'::jsonb -> 0, '[{}]'::jsonb -> 0
  FROM lk WHERE (:v::bigint = 0 OR EXISTS (SELECT 1 FROM es.events WHERE stream_id = 'deployment-t' || :client_id || '-' || :s AND stream_version = :v::bigint))
  RETURNING stream_version, transaction_id, global_position;
