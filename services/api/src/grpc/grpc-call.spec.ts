import { type ServerUnaryCall } from '@grpc/grpc-js';
import { requestDeadline } from '../common/read-consistency';
import { unary } from './grpc-call';

/** Runs a unary handler the way grpc-js does, for a call with `deadline`; resolves with what the handler saw. */
function callWith(deadline: Date | number): Promise<number | undefined> {
  const call = { request: {}, getDeadline: () => deadline, getPath: () => '/keel.v1.Test/Get' } as unknown as ServerUnaryCall<object, number | undefined>;
  return new Promise((resolve, reject) => {
    const handler = unary<object, number | undefined>(async () => requestDeadline.getStore());
    handler(call, (error, value) => (error ? reject(error) : resolve(value ?? undefined)));
  });
}

describe('unary (gRPC handler wrapper)', () => {
  it("runs the handler within the call's deadline, so minCheckpoint waits end with it", async () => {
    const at = new Date(Date.now() + 1500);
    expect(await callWith(at)).toBe(at.getTime());
    expect(await callWith(at.getTime())).toBe(at.getTime());
  });

  it('gives the handler no deadline when the client set none', async () => {
    expect(await callWith(Infinity)).toBeUndefined();
  });
});
