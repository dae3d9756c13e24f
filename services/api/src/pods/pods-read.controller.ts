import { Controller, Get, Param, Query } from '@nestjs/common';
import { type Page, type PodDto, ReadModelQueries } from '@keel/read-models';
import { HttpProblem } from '../common/api-error';
import { ReadConsistency } from '../common/read-consistency';
import { found, type ListQuery, pageOf } from '../common/read-endpoint';

interface PodQuery extends ListQuery {
  deployment?: string;
  node?: string;
  phase?: string;
}

/** `GET /v1/pods[/name]`: phase, node, devices and the pending reason of every pod. */
@Controller('v1/pods')
export class PodsReadController {
  constructor(
    private readonly queries: ReadModelQueries,
    private readonly consistency: ReadConsistency,
  ) {}

  @Get()
  async list(@Query() query: PodQuery): Promise<Page<PodDto>> {
    if (query.phase !== undefined && query.phase !== 'Pending' && query.phase !== 'Bound') {
      throw new HttpProblem(400, 'Validation', 'phase: must be Pending or Bound', [{ path: 'phase', reason: 'must be Pending or Bound' }]);
    }
    await this.consistency.atLeast(query.minCheckpoint);
    return this.queries.listPods({ ...pageOf(query), deployment: query.deployment, node: query.node, phase: query.phase });
  }

  @Get(':name')
  async get(@Param('name') name: string, @Query('deployment') deployment?: string, @Query('minCheckpoint') minCheckpoint?: string): Promise<PodDto> {
    await this.consistency.atLeast(minCheckpoint);
    return found(await this.queries.getPod(name, deployment), 'pod', name);
  }
}
