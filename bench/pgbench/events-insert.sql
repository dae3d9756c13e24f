\set s random(1, 1000000000)
INSERT INTO es.events (event_id, stream_id, stream_type, stream_version, type, schema_version, data, metadata) VALUES (gen_random_uuid(), 'deployment-i' || :client_id || '-' || :s, 'deployment', 1, 'DeploymentScaled', 1, '{"replicas": 3, "reason": "bench"}', '{}');
