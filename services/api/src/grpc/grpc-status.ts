import { Metadata, status, type StatusObject } from '@grpc/grpc-js';
import { type FieldIssue } from '@keel/kernel';
import { WrongExpectedVersionError } from '@keel/event-store';
import { Any, BadRequest, ErrorInfo, PreconditionFailure, protoFieldPath, Status } from '@keel/grpc-contract';
import { toHttpProblem } from '../common/api-error';

/** Error code (as REST reports it) → gRPC status code. */
const CODES: Readonly<Record<string, status>> = {
  Validation: status.INVALID_ARGUMENT,
  MalformedJson: status.INVALID_ARGUMENT,
  NotFound: status.NOT_FOUND,
  Conflict: status.ALREADY_EXISTS,
  IdempotencyKeyReused: status.ALREADY_EXISTS,
  IllegalState: status.FAILED_PRECONDITION,
  FitFailure: status.FAILED_PRECONDITION,
  Concurrency: status.ABORTED,
  NotCaughtUp: status.UNAVAILABLE,
  ShuttingDown: status.UNAVAILABLE,
  Unauthorized: status.UNAUTHENTICATED,
  Forbidden: status.PERMISSION_DENIED,
  PayloadTooLarge: status.RESOURCE_EXHAUSTED,
  Internal: status.INTERNAL,
};

/** REST names of transport inputs → their gRPC names. */
const TRANSPORT_FIELDS: Readonly<Record<string, string>> = { 'Idempotency-Key': 'idempotency_key', body: '', '(root)': '' };

/** The domain used in google.rpc.ErrorInfo. */
export const ERROR_DOMAIN = 'keel';

/** A gRPC error: code, message, and the `grpc-status-details-bin` trailer (google.rpc.Status). */
export type GrpcError = Pick<StatusObject, 'code' | 'details' | 'metadata'>;

/**
 * Maps any error to a gRPC status, once, for the gRPC transport. The classification is REST's
 * (`toHttpProblem`), so both transports agree; the details follow Google's error model: always a
 * google.rpc.ErrorInfo whose `reason` is Keel's error code, plus google.rpc.BadRequest field violations
 * for INVALID_ARGUMENT and google.rpc.PreconditionFailure violations for FAILED_PRECONDITION, with field
 * paths in proto field names.
 */
export function toGrpcError(error: unknown): GrpcError {
  const problem = toHttpProblem(error);
  const code = CODES[problem.code] ?? fallback(problem.status);
  const info = ErrorInfo.create({ reason: problem.code, domain: ERROR_DOMAIN, metadata: errorMetadata(error) });
  const details = [pack('google.rpc.ErrorInfo', ErrorInfo.encode(info).finish())];
  const issues = problem.details.map(toProtoIssue);
  if (code === status.INVALID_ARGUMENT && issues.length > 0) {
    const badRequest = BadRequest.create({ fieldViolations: issues.map((issue) => ({ field: issue.path, description: issue.reason })) });
    details.push(pack('google.rpc.BadRequest', BadRequest.encode(badRequest).finish()));
  }
  if (code === status.FAILED_PRECONDITION) {
    const violations = (issues.length > 0 ? issues : [{ path: '', reason: problem.message }]).map((issue) => ({ type: problem.code, subject: issue.path, description: issue.reason }));
    details.push(pack('google.rpc.PreconditionFailure', PreconditionFailure.encode(PreconditionFailure.create({ violations })).finish()));
  }
  const metadata = new Metadata();
  metadata.set('grpc-status-details-bin', Buffer.from(Status.encode(Status.create({ code, message: problem.message, details })).finish()));
  return { code, details: problem.message, metadata };
}

/** True for statuses that mean the server failed (logged with the stack), not the request. */
export function isServerFault(error: GrpcError): boolean {
  return error.code === status.INTERNAL || error.code === status.UNKNOWN;
}

function fallback(httpStatus: number): status {
  if (httpStatus === 400) return status.INVALID_ARGUMENT;
  if (httpStatus === 404) return status.NOT_FOUND;
  if (httpStatus === 409) return status.FAILED_PRECONDITION;
  if (httpStatus === 503) return status.UNAVAILABLE;
  return httpStatus >= 500 ? status.INTERNAL : status.UNKNOWN;
}

function toProtoIssue(issue: FieldIssue): FieldIssue {
  return { path: TRANSPORT_FIELDS[issue.path] ?? protoFieldPath(issue.path), reason: issue.reason };
}

/** Structured facts of a conflict, for clients that reload and retry. */
function errorMetadata(error: unknown): Record<string, string> {
  if (!(error instanceof WrongExpectedVersionError)) return {};
  return { stream_id: error.streamId, expected_version: String(error.expectedVersion), actual_version: error.actualVersion === null ? '0' : String(error.actualVersion) };
}

function pack(typeName: string, value: Uint8Array): Any {
  return Any.create({ typeUrl: `type.googleapis.com/${typeName}`, value: Buffer.from(value) });
}
