\set s random(1, 1000000000)
SELECT es.bench_minimal_append('deployment-m' || :client_id || '-' || :s, 'deployment', gen_random_uuid(), 'DeploymentScaled', '{"replicas": 3, "reason": "bench"}'::jsonb);
