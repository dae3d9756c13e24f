import { HttpProblem } from './api-error';
import { ReadConsistency, requestDeadline } from './read-consistency';

/** A read-model port that never catches up and records how long each wait was allowed to take. */
function neverReached(): { waits: number[]; readModelsReached: (checkpoint: string, timeoutMs: number) => Promise<boolean> } {
  const waits: number[] = [];
  return { waits, readModelsReached: async (_checkpoint, timeoutMs) => (waits.push(timeoutMs), false) };
}

describe('ReadConsistency: how long a minCheckpoint read waits', () => {
  it('waits the configured time when the request has no deadline', async () => {
    const port = neverReached();
    await expect(new ReadConsistency(port, 5000).atLeast('10:20')).rejects.toMatchObject({ status: 503 });
    expect(port.waits).toEqual([5000]);
  });

  it("ends the wait at the caller's deadline (a gRPC call's), not after the configured time", async () => {
    const port = neverReached();
    const consistency = new ReadConsistency(port, 5000);
    await expect(requestDeadline.run(Date.now() + 200, () => consistency.atLeast('10:20'))).rejects.toBeInstanceOf(HttpProblem);
    expect(port.waits[0]).toBeGreaterThan(100);
    expect(port.waits[0]).toBeLessThanOrEqual(200);
    await expect(requestDeadline.run(Date.now() - 1, () => consistency.atLeast('10:20'))).rejects.toMatchObject({ status: 503 });
    expect(port.waits[1]).toBe(0);
    await expect(requestDeadline.run(Date.now() + 60_000, () => consistency.atLeast('10:20'))).rejects.toMatchObject({ status: 503 });
    expect(port.waits[2]).toBe(5000);
  });

  it('does not wait without a minCheckpoint, and refuses a malformed one with 400', async () => {
    const port = neverReached();
    await new ReadConsistency(port, 5000).atLeast(undefined);
    await expect(new ReadConsistency(port, 5000).atLeast('not-a-checkpoint')).rejects.toMatchObject({ status: 400 });
    expect(port.waits).toEqual([]);
  });
});
