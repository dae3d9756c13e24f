import { type handleUnaryCall, type Metadata, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import { Logger } from '@nestjs/common';
import { systemClock } from '@keel/kernel';
import { HttpProblem } from '../common/api-error';
import { requestDeadline } from '../common/read-consistency';
import { makeWriteContext, type WriteContext } from '../common/write-context';
import { isServerFault, toGrpcError } from './grpc-status';

const logger = new Logger('grpc');

/**
 * A unary RPC from an async handler: its result is the response, whatever it throws becomes a gRPC status.
 * The handler runs within the call's deadline ({@link requestDeadline}), so its waits end when the caller
 * stops waiting.
 */
export function unary<Req, Res>(handle: (request: Req, call: ServerUnaryCall<Req, Res>) => Promise<Res>): handleUnaryCall<Req, Res> {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
    const deadline = deadlineMs(call.getDeadline());
    const run = (): Promise<Res> => handle(call.request, call);
    (deadline === undefined ? run() : requestDeadline.run(deadline, run)).then(
      (response) => callback(null, response),
      (error: unknown) => {
        const status = toGrpcError(error);
        if (isServerFault(status)) logger.error(`${call.getPath()}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        callback(status);
      },
    );
  };
}

/** A call's deadline as epoch milliseconds; undefined when the client set none. */
function deadlineMs(deadline: Date | number): number | undefined {
  const ms = deadline instanceof Date ? deadline.getTime() : deadline;
  return Number.isFinite(ms) ? ms : undefined;
}

/** What every write request carries besides its payload. */
export interface WriteOptions {
  readonly idempotencyKey: string;
  readonly expectedVersion?: number | undefined;
}

/**
 * A write request as the REST API would receive it: the request's proto3 JSON (JSON names equal the
 * REST names) without the write options, over `defaults` for fields proto3 cannot tell absent from empty.
 */
export function writeData(json: Record<string, unknown>, defaults: Record<string, unknown> = {}): Record<string, unknown> {
  const { idempotencyKey: _key, expectedVersion: _version, ...data } = json;
  return { ...defaults, ...data };
}

/**
 * The write context of a gRPC call: actor and correlation id from the `x-keel-actor` and
 * `x-correlation-id` metadata (as REST's headers), the idempotency key and expected version from the
 * request (`json` is its proto3 JSON). "The same request" for the key is the method and the request
 * without its key.
 */
export function grpcWriteContext(call: ServerUnaryCall<WriteOptions, unknown>, json: Record<string, unknown>): WriteContext {
  const { request } = call;
  const { idempotencyKey: _key, ...fingerprint } = json;
  return makeWriteContext(
    {
      transport: 'grpc',
      actor: metadataValue(call.metadata, 'x-keel-actor'),
      idempotencyKey: request.idempotencyKey === '' ? undefined : request.idempotencyKey,
      correlationId: metadataValue(call.metadata, 'x-correlation-id'),
      expectedVersion: request.expectedVersion,
      request: `${call.getPath()}\n${JSON.stringify(fingerprint)}`,
      names: { actor: 'x-keel-actor', idempotencyKey: 'idempotencyKey', expectedVersion: 'expectedVersion' },
    },
    systemClock.now(),
  );
}

function metadataValue(metadata: Metadata, key: string): string | undefined {
  const value = metadata.get(key)[0];
  return value === undefined ? undefined : value.toString();
}

/** A required string field of a read request (proto3 cannot make it required): a 400 naming it when empty. */
export function required(value: string | undefined, field: string): string {
  if (value === undefined || value === '') throw new HttpProblem(400, 'Validation', `${field}: is required`, [{ path: field, reason: 'is required' }]);
  return value;
}
