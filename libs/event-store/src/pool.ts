import { Pool, type PoolConfig } from 'pg';

/**
 * A pg Pool set up the way the event store expects: JIT off (its compile time dwarfs these short OLTP
 * queries) and a recognisable application name in pg_stat_activity.
 */
export function createPool(config: PoolConfig & { connectionString: string }): Pool {
  const pool = new Pool({
    max: 10,
    application_name: 'keel',
    ...config,
    options: [config.options, '-c jit=off'].filter(Boolean).join(' '),
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return pool;
}
