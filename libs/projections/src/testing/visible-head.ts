import { type PostgresEventStore } from '@keel/event-store';

/**
 * Waits until global reads see the log up to global position `position` and answers the head checkpoint.
 * The visibility horizon is cluster-wide: a transaction running anywhere on the server (another test file)
 * keeps newer events invisible for a while.
 */
export async function visibleHead(store: PostgresEventStore, position: number, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const head = await store.headCheckpoint();
    if (Number(head.split(':')[1]) >= position) return head;
    if (Date.now() > deadline) throw new Error(`the log head stayed at ${head}, below position ${position}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
