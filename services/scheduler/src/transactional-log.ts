import { type AppendResult, type PostgresEventStore, type RecordedEvent, type StreamAppend } from '@keel/event-store';
import { type EventLog } from '@keel/scheduler-application';
import { type PoolClient } from 'pg';

/**
 * The event log inside the subscription's batch transaction: the scheduler's appends commit together
 * with its checkpoint (a crash re-delivers the batch with nothing half-done, and a leader that lost its
 * lease cannot commit), and it needs no second connection (embedded PGlite has one). Each append runs
 * under a savepoint so a refused append (wrong expected version) does not abort the batch.
 */
export function transactionalLog(store: PostgresEventStore, tx: PoolClient, onAppend: (result: AppendResult) => void): EventLog {
  let savepoints = 0;
  return {
    async appendToStreams(appends: readonly StreamAppend[], options: { readonly idempotencyKey?: string } = {}): Promise<AppendResult> {
      const savepoint = `scheduler_append_${savepoints++}`;
      await tx.query(`SAVEPOINT ${savepoint}`);
      try {
        const result = await store.appendToStreams(appends, options, tx);
        await tx.query(`RELEASE SAVEPOINT ${savepoint}`);
        onAppend(result);
        return result;
      } catch (error) {
        await tx.query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
        throw error;
      }
    },
    readStream: (streamId: string): Promise<RecordedEvent[]> => store.readStream(streamId, {}, tx),
  };
}
