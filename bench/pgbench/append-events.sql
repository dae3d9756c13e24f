\set s random(1, 1000000000)
SELECT es.append_events(ARRAY['deployment-e' || :client_id || '-' || :s], ARRAY['deployment'], ARRAY['no_stream'], ARRAY[1], ARRAY[gen_random_uuid()], ARRAY['DeploymentScaled'], ARRAY[1], ARRAY[1], ARRAY[1], '[{"replicas": 3, "reason": "bench"}]'::jsonb, '[{}]'::jsonb, NULL, NULL, false);
