import { Controller, Get, Param, Query } from '@nestjs/common';
import { type NodeDto, type Page } from '@keel/read-models';
import { type ListQuery } from '../common/read-endpoint';
import { ResourceReads } from '../reads/resource-reads';

/** `GET /v1/nodes[/name]` from the read models. */
@Controller('v1/nodes')
export class NodesReadController {
  constructor(private readonly reads: ResourceReads) {}

  @Get()
  list(@Query() query: ListQuery): Promise<Page<NodeDto>> {
    return this.reads.listNodes(query);
  }

  @Get(':name')
  get(@Param('name') name: string, @Query('minCheckpoint') minCheckpoint?: string): Promise<NodeDto> {
    return this.reads.getNode(name, minCheckpoint);
  }
}
