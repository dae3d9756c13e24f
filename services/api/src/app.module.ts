import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PostgresEventStore } from '@keel/event-store';
import { CommandExecutor } from './commands/command-executor';
import { type Infrastructure } from './database/infrastructure';
import { DeploymentCommandHandler } from './deployments/deployment-commands';
import { DeploymentsWriteController } from './deployments/deployments-write.controller';
import { EventsController } from './events/events.controller';
import { HealthController } from './health/health.controller';
import { ModelCommandHandler } from './models/model-commands';
import { ModelsWriteController } from './models/models-write.controller';
import { NodeCommandHandler } from './nodes/node-commands';
import { NodesWriteController } from './nodes/nodes-write.controller';

/** The command service and admin API over one {@link Infrastructure}. */
@Module({})
export class AppModule {
  static forRoot(infrastructure: Infrastructure): DynamicModule {
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot()],
      controllers: [HealthController, NodesWriteController, ModelsWriteController, DeploymentsWriteController, EventsController],
      providers: [
        { provide: PostgresEventStore, useValue: infrastructure.store },
        CommandExecutor,
        NodeCommandHandler,
        ModelCommandHandler,
        DeploymentCommandHandler,
      ],
    };
  }
}
