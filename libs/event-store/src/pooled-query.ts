import { DatabaseError, type Pool, type QueryConfig, type QueryResult, type QueryResultRow } from 'pg';

/**
 * Runs one query on a pooled connection and gives the connection back to the pool even when Postgres
 * answered with an error. `pool.query` closes a connection whose query failed, so every expected
 * failure of an append (a version conflict, a reused idempotency key) cost a new Postgres backend: on
 * this project's VMs, 50 writers contending on one stream spent ~40 ms per conflict reconnecting (73 s
 * for 100 appends). Errors that end the session (FATAL, an administrator's terminate, a lost
 * connection) and any failure that is not Postgres' answer (the network, the driver) drop it.
 */
export async function pooledQuery<R extends QueryResultRow>(pool: Pool, config: QueryConfig): Promise<QueryResult<R>> {
  const client = await pool.connect();
  let result: QueryResult<R>;
  try {
    result = await client.query<R>(config);
  } catch (error) {
    client.release(leavesConnectionUsable(error) ? undefined : (error as Error));
    throw error;
  }
  client.release();
  return result;
}

/** A statement-level error: Postgres refused the statement and the session goes on. */
function leavesConnectionUsable(error: unknown): boolean {
  if (!(error instanceof DatabaseError)) return false;
  if (error.severity === 'FATAL' || error.severity === 'PANIC') return false;
  // 08: connection exception; 57: operator intervention (terminated, shutting down); 25P03: idle-in-transaction timeout.
  const code = error.code ?? '';
  return !code.startsWith('08') && !code.startsWith('57') && code !== '25P03';
}
