import { status } from '@grpc/grpc-js';
import { DomainError, type DomainErrorCode } from '@keel/kernel';
import { IdempotencyKeyReusedError, WrongExpectedVersionError } from '@keel/event-store';
import { BadRequest, ErrorInfo, PreconditionFailure, Status } from '@keel/grpc-contract';
import { HttpProblem } from '../common/api-error';
import { toGrpcError } from './grpc-status';

/** The google.rpc.Status of an error's `grpc-status-details-bin` trailer, decoded. */
function details(error: unknown) {
  const mapped = toGrpcError(error);
  const decoded = Status.decode(mapped.metadata.get('grpc-status-details-bin')[0] as Buffer);
  const find = (type: string) => decoded.details.find((any) => any.typeUrl === `type.googleapis.com/google.rpc.${type}`)?.value;
  const badRequest = find('BadRequest');
  const precondition = find('PreconditionFailure');
  return {
    mapped,
    decoded,
    info: ErrorInfo.decode(find('ErrorInfo')!),
    fields: badRequest ? BadRequest.decode(badRequest).fieldViolations.map((v) => `${v.field}: ${v.description}`) : undefined,
    preconditions: precondition ? PreconditionFailure.decode(precondition).violations.map((v) => `${v.type} ${v.subject}: ${v.description}`) : undefined,
  };
}

describe('toGrpcError', () => {
  it.each<[DomainErrorCode, keyof typeof status]>([
    ['Validation', 'INVALID_ARGUMENT'],
    ['NotFound', 'NOT_FOUND'],
    ['Conflict', 'ALREADY_EXISTS'],
    ['IllegalState', 'FAILED_PRECONDITION'],
    ['FitFailure', 'FAILED_PRECONDITION'],
    ['Concurrency', 'ABORTED'],
    ['Unauthorized', 'UNAUTHENTICATED'],
    ['Forbidden', 'PERMISSION_DENIED'],
  ])('maps a %s domain error to %s, with the code as the ErrorInfo reason', (code, expected) => {
    const { mapped, decoded, info } = details(new DomainError(code, `${code} happened`));
    expect(mapped.code).toBe(status[expected]);
    expect(mapped.details).toBe(`${code} happened`);
    expect(decoded).toMatchObject({ code: status[expected], message: `${code} happened` });
    expect(info).toMatchObject({ reason: code, domain: 'keel' });
  });

  it('turns validation details into BadRequest field violations with proto field paths', () => {
    const error = new DomainError('Validation', 'invalid node', [
      { path: 'devices[0].memoryMiB', reason: 'must be positive' },
      { path: 'labels.Example.com/Tier', reason: 'bad key' },
      { path: '(root)', reason: 'unknown field colour' },
    ]);
    expect(details(error).fields).toEqual(['devices[0].memory_mib: must be positive', 'labels.Example.com/Tier: bad key', ': unknown field colour']);
  });

  it('turns a fit failure into a PreconditionFailure naming the template field', () => {
    const error = new DomainError('FitFailure', 'does not fit', [{ path: 'template.acceptableGpuModels[0]', reason: 'needs 130.4 GiB per GPU' }]);
    const { mapped, preconditions, fields } = details(error);
    expect(mapped.code).toBe(status.FAILED_PRECONDITION);
    expect(preconditions).toEqual(['FitFailure template.acceptable_gpu_models[0]: needs 130.4 GiB per GPU']);
    expect(fields).toBeUndefined();
  });

  it('answers a version conflict with ABORTED and the stream, expected and actual versions', () => {
    const { mapped, info } = details(new WrongExpectedVersionError('node-gpu-node-01', 3, 5));
    expect(mapped.code).toBe(status.ABORTED);
    expect(info.metadata).toEqual({ stream_id: 'node-gpu-node-01', expected_version: '3', actual_version: '5' });
  });

  it.each<[string, keyof typeof status, string, unknown]>([
    ['a reused idempotency key', 'ALREADY_EXISTS', 'IdempotencyKeyReused', new IdempotencyKeyReusedError('k')],
    ['a read that did not catch up', 'UNAVAILABLE', 'NotCaughtUp', new HttpProblem(503, 'NotCaughtUp', 'not yet')],
    ['an unexpected error, whose message is not leaked', 'INTERNAL', 'Internal', new Error('connection string postgres://secret')],
  ])('maps %s to %s (%s)', (_case, expected, reason, error) => {
    const { mapped, info } = details(error);
    expect(mapped.code).toBe(status[expected]);
    expect(info.reason).toBe(reason);
    expect(mapped.details).not.toContain('secret');
  });
});
