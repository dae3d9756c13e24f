import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PostgresEventStore } from '@keel/event-store';
import { ReadModelQueries } from '@keel/read-models';
import { ClusterController } from './cluster/cluster.controller';
import { ClusterReads } from './cluster/cluster-reads';
import { ReadConsistency } from './common/read-consistency';
import { DeploymentsReadController } from './deployments/deployments-read.controller';
import { ModelsReadController } from './models/models-read.controller';
import { NodesReadController } from './nodes/nodes-read.controller';
import { PodsReadController } from './pods/pods-read.controller';
import { CommandExecutor } from './commands/command-executor';
import { type Infrastructure } from './database/infrastructure';
import { DeploymentCommandHandler } from './deployments/deployment-commands';
import { DeploymentsWriteController } from './deployments/deployments-write.controller';
import { EventsController } from './events/events.controller';
import { GRPC_OPTIONS, type GrpcOptions, GrpcServer } from './grpc/grpc-server';
import { HealthController } from './health/health.controller';
import { DiffController } from './history/diff.controller';
import { ModelCommandHandler } from './models/model-commands';
import { ModelsWriteController } from './models/models-write.controller';
import { NodeCommandHandler } from './nodes/node-commands';
import { NodesWriteController } from './nodes/nodes-write.controller';
import { AuditLog } from './reads/audit-log';
import { ResourceReads } from './reads/resource-reads';
import { SchedulingController } from './scheduling/scheduling.controller';
import { Simulation } from './scheduling/simulation';

/** The command service and admin API over one {@link Infrastructure}: REST, and gRPC when `grpc` is given. */
@Module({})
export class AppModule {
  static forRoot(infrastructure: Infrastructure, readWaitMs: number, grpc?: GrpcOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot()],
      controllers: [
        HealthController,
        NodesWriteController,
        NodesReadController,
        ModelsWriteController,
        ModelsReadController,
        DeploymentsWriteController,
        DeploymentsReadController,
        PodsReadController,
        ClusterController,
        SchedulingController,
        EventsController,
        DiffController,
      ],
      providers: [
        { provide: PostgresEventStore, useValue: infrastructure.store },
        { provide: ReadModelQueries, useValue: infrastructure.queries },
        { provide: ReadConsistency, useValue: new ReadConsistency(infrastructure, readWaitMs) },
        CommandExecutor,
        NodeCommandHandler,
        ModelCommandHandler,
        DeploymentCommandHandler,
        ResourceReads,
        ClusterReads,
        AuditLog,
        Simulation,
        ...(grpc ? [{ provide: GRPC_OPTIONS, useValue: grpc }, GrpcServer] : []),
      ],
    };
  }
}
