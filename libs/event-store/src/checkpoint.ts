/**
 * A position in the global log: the writing transaction's id (xid8) and the event's global position.
 * The log is ordered by (transactionId, position); tokens are `"<transactionId>:<position>"` strings.
 */
export interface Checkpoint {
  readonly transactionId: bigint;
  readonly position: bigint;
}

/** The position before the first event. */
export const START: Checkpoint = { transactionId: 0n, position: 0n };

/** Encodes a checkpoint as a string token. */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  return `${checkpoint.transactionId}:${checkpoint.position}`;
}

/** Parses a checkpoint token; throws a RangeError naming the token when it is malformed. */
export function parseCheckpoint(token: string): Checkpoint {
  const match = /^(\d{1,20}):(\d{1,20})$/.exec(token.trim());
  if (!match) {
    throw new RangeError(`checkpoint "${token}" is not of the form <transactionId>:<position>`);
  }
  return { transactionId: BigInt(match[1] as string), position: BigInt(match[2] as string) };
}

/** Negative when a is before b, 0 when equal, positive when after. */
export function compareCheckpoints(a: Checkpoint | string, b: Checkpoint | string): number {
  const x = typeof a === 'string' ? parseCheckpoint(a) : a;
  const y = typeof b === 'string' ? parseCheckpoint(b) : b;
  if (x.transactionId !== y.transactionId) return x.transactionId < y.transactionId ? -1 : 1;
  if (x.position !== y.position) return x.position < y.position ? -1 : 1;
  return 0;
}
