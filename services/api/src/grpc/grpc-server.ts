import { Server, ServerCredentials } from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { HealthImplementation, type ServingStatusMap } from 'grpc-health-check';
import { LogFollower, PostgresEventStore } from '@keel/event-store';
import {
  ClusterServiceService,
  DeploymentServiceService,
  EventServiceService,
  KEEL_SERVICES,
  ModelServiceService,
  NodeServiceService,
  PodServiceService,
  SchedulingServiceService,
} from '@keel/grpc-contract';
import { ClusterReads } from '../cluster/cluster-reads';
import { AuditLog } from '../reads/audit-log';
import { ResourceReads } from '../reads/resource-reads';
import { Simulation } from '../scheduling/simulation';
import { loadContractDefinition } from './contract-definition';
import { deploymentService } from './deployment-service';
import { eventService } from './event-service';
import { modelService } from './model-service';
import { nodeService } from './node-service';
import { clusterService, podService, schedulingService } from './read-services';
import { EventWatch } from './watch-events';

/** Where and how the gRPC server runs. */
export interface GrpcOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Follow the log with LISTEN/NOTIFY (false on embedded PGlite: polling). */
  readonly listen: boolean;
  /** Longest graceful shutdown before open calls are cut (default 5000 ms). */
  readonly shutdownGraceMs?: number;
}

/** Injection token of {@link GrpcOptions}. */
export const GRPC_OPTIONS = Symbol('GRPC_OPTIONS');

/**
 * The gRPC transport of the admin API (@grpc/grpc-js), started and stopped with the Nest app: the
 * keel.v1 services over the same command bus and read services as REST, the standard health service
 * and server reflection. Shutdown reports NOT_SERVING, ends every WatchEvents stream with UNAVAILABLE,
 * lets unary calls in flight finish (bounded), then stops.
 */
@Injectable()
export class GrpcServer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('grpc');
  private readonly server = new Server();
  private readonly health = new HealthImplementation(servingStatus('SERVING'));
  private readonly follower: LogFollower;
  /** The WatchEvents streams. */
  readonly watch: EventWatch;
  private boundPort: number | undefined;

  constructor(
    @Inject(GRPC_OPTIONS) private readonly options: GrpcOptions,
    bus: CommandBus,
    reads: ResourceReads,
    cluster: ClusterReads,
    log: AuditLog,
    simulation: Simulation,
    store: PostgresEventStore,
  ) {
    this.follower = new LogFollower(store, { listen: options.listen, pollIntervalMs: options.listen ? 1000 : 50 });
    this.watch = new EventWatch(store, this.follower);
    this.server.addService(NodeServiceService, nodeService(bus, reads));
    this.server.addService(ModelServiceService, modelService(bus, reads));
    this.server.addService(DeploymentServiceService, deploymentService(bus, reads));
    this.server.addService(PodServiceService, podService(reads));
    this.server.addService(ClusterServiceService, clusterService(cluster));
    this.server.addService(SchedulingServiceService, schedulingService(simulation));
    this.server.addService(EventServiceService, eventService(log, this.watch));
    this.health.addToServer(this.server);
    new ReflectionService(loadContractDefinition()).addToServer(this.server);
  }

  /** The port the server listens on (after start-up). */
  get port(): number {
    if (this.boundPort === undefined) throw new Error('the gRPC server is not listening');
    return this.boundPort;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.follower.start();
    const { host, port } = this.options;
    const address = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    this.boundPort = await new Promise<number>((resolve, reject) => {
      this.server.bindAsync(address, ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(new Error(`gRPC cannot listen on ${address} (${error.message}); choose another KEEL_GRPC_PORT`)) : resolve(bound),
      );
    });
  }

  async onModuleDestroy(): Promise<void> {
    for (const [service, status] of Object.entries(servingStatus('NOT_SERVING'))) this.health.setStatus(service, status);
    this.watch.close();
    await this.follower.stop();
    const graceMs = this.options.shutdownGraceMs ?? 5000;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.logger.warn(`gRPC calls still open after ${graceMs} ms; cutting them`);
        this.server.forceShutdown();
        resolve();
      }, graceMs);
      this.server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** The overall status ('') and each keel.v1 service's. */
function servingStatus(status: 'SERVING' | 'NOT_SERVING'): ServingStatusMap {
  return Object.fromEntries(['', ...KEEL_SERVICES].map((service) => [service, status]));
}
