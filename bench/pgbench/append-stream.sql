\set s random(1, 1000000000)
SELECT es.append_stream('deployment-s' || :client_id || '-' || :s, 'deployment', 'no_stream', ARRAY[gen_random_uuid()], ARRAY['DeploymentScaled'], ARRAY[1], '[{"replicas": 3, "reason": "bench"}]'::jsonb, '[{}]'::jsonb, NULL, NULL, false);
