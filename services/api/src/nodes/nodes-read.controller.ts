import { Controller, Get, Param, Query } from '@nestjs/common';
import { type NodeDto, type Page, ReadModelQueries } from '@keel/read-models';
import { ReadConsistency } from '../common/read-consistency';
import { found, type ListQuery, pageOf } from '../common/read-endpoint';

/** `GET /v1/nodes[/name]` from the read models. */
@Controller('v1/nodes')
export class NodesReadController {
  constructor(
    private readonly queries: ReadModelQueries,
    private readonly consistency: ReadConsistency,
  ) {}

  @Get()
  async list(@Query() query: ListQuery): Promise<Page<NodeDto>> {
    await this.consistency.atLeast(query.minCheckpoint);
    return this.queries.listNodes(pageOf(query));
  }

  @Get(':name')
  async get(@Param('name') name: string, @Query('minCheckpoint') minCheckpoint?: string): Promise<NodeDto> {
    await this.consistency.atLeast(minCheckpoint);
    return found(await this.queries.getNode(name), 'node', name);
  }
}
