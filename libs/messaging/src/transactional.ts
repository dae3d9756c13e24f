import { type RecordedEvent } from '@keel/event-store';
import { type Pool, type PoolClient } from 'pg';
import { type BusHandler } from './event-bus';

/** A handler that writes through a Postgres transaction (e.g. `projectEvents`). */
export type TransactionalHandler = (events: readonly RecordedEvent[], tx: PoolClient) => Promise<void>;

/**
 * Adapts a transactional handler to the bus: each batch runs in its own transaction, and the bus handler
 * resolves only after COMMIT — so the consumer commits its offsets after the read-model writes.
 */
export function inTransaction(pool: Pool, handler: TransactionalHandler): BusHandler {
  return async (events) => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      await handler(events, client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.release(broken);
    }
  };
}
