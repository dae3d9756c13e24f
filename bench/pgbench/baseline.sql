INSERT INTO bench_baseline (data) VALUES ('{"replicas": 3, "reason": "bench"}');
