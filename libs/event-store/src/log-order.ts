import { type RecordedEvent } from './types';

/**
 * Log order, (transaction id, global position), of two read events without parsing their checkpoint
 * tokens (a rebuild compares a million): transaction ids are decimal xid8 text without leading zeros, so
 * of two different lengths the shorter is the smaller.
 */
export function compareLogOrder(a: Pick<RecordedEvent, 'transactionId' | 'globalPosition'>, b: Pick<RecordedEvent, 'transactionId' | 'globalPosition'>): number {
  if (a.transactionId !== b.transactionId) {
    if (a.transactionId.length !== b.transactionId.length) return a.transactionId.length - b.transactionId.length;
    return a.transactionId < b.transactionId ? -1 : 1;
  }
  return a.globalPosition - b.globalPosition;
}
