import { DatabaseError, type Pool, type QueryConfig, type QueryResult, type QueryResultRow } from 'pg';

/**
 * Runs one query on a pooled connection and gives the connection back to the pool even when Postgres
 * answered with an error. `pool.query` closes a connection whose query failed, so every expected
 * failure of an append (a version conflict, a reused idempotency key) cost a new Postgres backend: on
 * this project's VMs, 50 writers contending on one stream spent ~40 ms per conflict reconnecting (73 s
 * for 100 appends). A connection the server did close (a FATAL error) is dropped by the pool anyway;
 * any other failure (the network, the driver) drops it here.
 */
export async function pooledQuery<R extends QueryResultRow>(pool: Pool, config: QueryConfig): Promise<QueryResult<R>> {
  const client = await pool.connect();
  let result: QueryResult<R>;
  try {
    result = await client.query<R>(config);
  } catch (error) {
    client.release(error instanceof DatabaseError ? undefined : (error as Error));
    throw error;
  }
  client.release();
  return result;
}
