import { Controller, Get, Param, Query } from '@nestjs/common';
import { type ModelDto, type Page } from '@keel/read-models';
import { type ListQuery } from '../common/read-endpoint';
import { ResourceReads } from '../reads/resource-reads';

/** `GET /v1/models[/name]` from the read models. */
@Controller('v1/models')
export class ModelsReadController {
  constructor(private readonly reads: ResourceReads) {}

  @Get()
  list(@Query() query: ListQuery): Promise<Page<ModelDto>> {
    return this.reads.listModels(query);
  }

  @Get(':name')
  get(@Param('name') name: string, @Query('minCheckpoint') minCheckpoint?: string): Promise<ModelDto> {
    return this.reads.getModel(name, minCheckpoint);
  }
}
