import { Controller, Get, Param, Query } from '@nestjs/common';
import { type ModelDto, type Page, ReadModelQueries } from '@keel/read-models';
import { ReadConsistency } from '../common/read-consistency';
import { found, type ListQuery, pageOf } from '../common/read-endpoint';

/** `GET /v1/models[/name]` from the read models. */
@Controller('v1/models')
export class ModelsReadController {
  constructor(
    private readonly queries: ReadModelQueries,
    private readonly consistency: ReadConsistency,
  ) {}

  @Get()
  async list(@Query() query: ListQuery): Promise<Page<ModelDto>> {
    await this.consistency.atLeast(query.minCheckpoint);
    return this.queries.listModels(pageOf(query));
  }

  @Get(':name')
  async get(@Param('name') name: string, @Query('minCheckpoint') minCheckpoint?: string): Promise<ModelDto> {
    await this.consistency.atLeast(minCheckpoint);
    return found(await this.queries.getModel(name), 'model', name);
  }
}
