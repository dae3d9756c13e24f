import { Controller, Get, Param, Query } from '@nestjs/common';
import { type Page, type PodDto } from '@keel/read-models';
import { type PodQuery, ResourceReads } from '../reads/resource-reads';

/** `GET /v1/pods[/name]`: phase, node, devices and the pending reason of every pod. */
@Controller('v1/pods')
export class PodsReadController {
  constructor(private readonly reads: ResourceReads) {}

  @Get()
  list(@Query() query: PodQuery): Promise<Page<PodDto>> {
    return this.reads.listPods(query);
  }

  @Get(':name')
  get(@Param('name') name: string, @Query('deployment') deployment?: string, @Query('minCheckpoint') minCheckpoint?: string): Promise<PodDto> {
    return this.reads.getPod(name, deployment, minCheckpoint);
  }
}
