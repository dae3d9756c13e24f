import { Controller, Get, Param, Query } from '@nestjs/common';
import { type DeploymentDto, type Page, ReadModelQueries } from '@keel/read-models';
import { ReadConsistency } from '../common/read-consistency';
import { found, type ListQuery, pageOf } from '../common/read-endpoint';

/** `GET /v1/deployments[/name]`: desired / scheduled / pending replicas from the read models. */
@Controller('v1/deployments')
export class DeploymentsReadController {
  constructor(
    private readonly queries: ReadModelQueries,
    private readonly consistency: ReadConsistency,
  ) {}

  @Get()
  async list(@Query() query: ListQuery): Promise<Page<DeploymentDto>> {
    await this.consistency.atLeast(query.minCheckpoint);
    return this.queries.listDeployments(pageOf(query));
  }

  @Get(':name')
  async get(@Param('name') name: string, @Query('minCheckpoint') minCheckpoint?: string): Promise<DeploymentDto> {
    await this.consistency.atLeast(minCheckpoint);
    return found(await this.queries.getDeployment(name), 'deployment', name);
  }
}
