import { type CallOptions, type ClientUnaryCall, credentials, Metadata, type ServiceError, type status } from '@grpc/grpc-js';
import {
  BadRequest,
  ClusterServiceClient,
  DeploymentServiceClient,
  ErrorInfo,
  EventServiceClient,
  ModelServiceClient,
  NodeServiceClient,
  PodServiceClient,
  PreconditionFailure,
  SchedulingServiceClient,
  Status,
} from '@keel/grpc-contract';

/** A generated client's unary methods as promises: `(request, metadata?) => Promise<response>`. */
export type Promised<C> = {
  [K in keyof C as C[K] extends (request: never, metadata: Metadata, options: Partial<CallOptions>, callback: never) => ClientUnaryCall ? K : never]: C[K] extends (
    request: infer Req,
    metadata: Metadata,
    options: Partial<CallOptions>,
    callback: (error: ServiceError | null, response: infer Res) => void,
  ) => ClientUnaryCall
    ? (request: Req, metadata?: Metadata) => Promise<Res>
    : never;
};

function promised<C extends object>(client: C): Promised<C> {
  return new Proxy(client, {
    get: (target, method) => (request: unknown, metadata = new Metadata()) =>
      new Promise((resolve, reject) => {
        const fn = (target as Record<PropertyKey, (...args: unknown[]) => unknown>)[method]!;
        fn.call(target, request, metadata, {}, (error: ServiceError | null, response: unknown) => (error ? reject(error) : resolve(response)));
      }),
  }) as unknown as Promised<C>;
}

/** Generated clients of every keel.v1 service on one channel, promised; `raw` for streaming calls. */
export interface KeelClients {
  readonly nodes: Promised<NodeServiceClient>;
  readonly models: Promised<ModelServiceClient>;
  readonly deployments: Promised<DeploymentServiceClient>;
  readonly pods: Promised<PodServiceClient>;
  readonly cluster: Promised<ClusterServiceClient>;
  readonly scheduling: Promised<SchedulingServiceClient>;
  readonly events: Promised<EventServiceClient>;
  readonly raw: { readonly events: EventServiceClient };
  close(): void;
}

/** Clients of a Keel gRPC API at `address` (`host:port`), without TLS, sharing one channel. */
export function keelClients(address: string): KeelClients {
  const insecure = credentials.createInsecure();
  const nodes = new NodeServiceClient(address, insecure);
  const shared = { channelOverride: nodes.getChannel() };
  const events = new EventServiceClient(address, insecure, shared);
  return {
    nodes: promised(nodes),
    models: promised(new ModelServiceClient(address, insecure, shared)),
    deployments: promised(new DeploymentServiceClient(address, insecure, shared)),
    pods: promised(new PodServiceClient(address, insecure, shared)),
    cluster: promised(new ClusterServiceClient(address, insecure, shared)),
    scheduling: promised(new SchedulingServiceClient(address, insecure, shared)),
    events: promised(events),
    raw: { events },
    close: () => nodes.close(),
  };
}

/** Metadata with the caller's actor (and more entries). */
export function asActor(actor: string, extra: Record<string, string> = {}): Metadata {
  const metadata = new Metadata();
  metadata.set('x-keel-actor', actor);
  for (const [key, value] of Object.entries(extra)) metadata.set(key, value);
  return metadata;
}

/** A failed call, with the google.rpc details of its `grpc-status-details-bin` trailer decoded. */
export interface GrpcFailure {
  readonly code: status;
  readonly message: string;
  readonly reason: string | undefined;
  readonly errorInfo: ErrorInfo | undefined;
  /** BadRequest field violations as `field: description`. */
  readonly fieldViolations: readonly { field: string; description: string }[];
  readonly preconditionFailures: readonly { type: string; subject: string; description: string }[];
}

/** Awaits a call that must fail and decodes its status; throws when it succeeds. */
export async function failure(call: Promise<unknown>): Promise<GrpcFailure> {
  const error = await call.then(
    (response) => {
      throw new Error(`expected the call to fail, it answered ${JSON.stringify(response)}`);
    },
    (e: unknown) => e as ServiceError,
  );
  const bin = error.metadata?.get('grpc-status-details-bin')[0];
  const details = bin === undefined ? undefined : Status.decode(bin as Buffer);
  const find = (type: string) => details?.details.find((any) => any.typeUrl === `type.googleapis.com/${type}`)?.value;
  const info = find('google.rpc.ErrorInfo');
  const badRequest = find('google.rpc.BadRequest');
  const precondition = find('google.rpc.PreconditionFailure');
  const errorInfo = info === undefined ? undefined : ErrorInfo.decode(info);
  return {
    code: error.code,
    message: error.details,
    reason: errorInfo?.reason,
    errorInfo,
    fieldViolations: badRequest === undefined ? [] : BadRequest.decode(badRequest).fieldViolations,
    preconditionFailures: precondition === undefined ? [] : PreconditionFailure.decode(precondition).violations,
  };
}
