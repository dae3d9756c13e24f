import { Controller, Get, Param, Query } from '@nestjs/common';
import { type DeploymentDto, type Page } from '@keel/read-models';
import { type ListQuery } from '../common/read-endpoint';
import { ResourceReads } from '../reads/resource-reads';

/** `GET /v1/deployments[/name]`: desired / scheduled / pending replicas from the read models. */
@Controller('v1/deployments')
export class DeploymentsReadController {
  constructor(private readonly reads: ResourceReads) {}

  @Get()
  list(@Query() query: ListQuery): Promise<Page<DeploymentDto>> {
    return this.reads.listDeployments(query);
  }

  @Get(':name')
  get(@Param('name') name: string, @Query('minCheckpoint') minCheckpoint?: string): Promise<DeploymentDto> {
    return this.reads.getDeployment(name, minCheckpoint);
  }
}
