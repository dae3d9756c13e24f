import { type handleUnaryCall } from '@grpc/grpc-js';
import { type WriteResult } from '@keel/grpc-contract';
import { type WriteOutcome } from '../commands/command-executor';
import { type WriteContext } from '../common/write-context';
import { grpcWriteContext, unary, writeData, type WriteOptions } from './grpc-call';

/** Every write RPC answers `{ result: WriteResult }`. */
export interface WriteReply {
  result?: WriteResult | undefined;
}

/** How a write RPC's request becomes a command on the bus: the REST-shaped data and the write context. */
export type Dispatch = (data: Record<string, unknown>, context: WriteContext) => Promise<WriteOutcome>;

/**
 * A write RPC: validates the write context, turns the request into the same data a REST body carries
 * (over `defaults`), dispatches it on the command bus and answers the outcome.
 */
export function writeRpc<T extends WriteOptions>(toJSON: (message: T) => unknown, dispatch: Dispatch, defaults: Record<string, unknown> = {}): handleUnaryCall<T, WriteReply> {
  return unary<T, WriteReply>(async (request, call) => {
    const json = toJSON(request) as Record<string, unknown>;
    const context = grpcWriteContext(call, json);
    const outcome = await dispatch(writeData(json, defaults), context);
    return { result: { ...outcome.response, events: [...outcome.response.events], replayed: outcome.replayed } };
  });
}
