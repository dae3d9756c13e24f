import { Controller, HttpCode, Post, Query, Req } from '@nestjs/common';
import { type Request } from 'express';
import { ReadModelQueries } from '@keel/read-models';
import { type SimulateOutput } from '@keel/scheduler-simulator';
import { ReadConsistency } from '../common/read-consistency';
import { readLiveCluster } from './live-cluster';
import { parseSimulateRequest } from './simulate-request';
import { whatIf } from './what-if';

/** `POST /v1/scheduling/simulate`: what-if placement of hypothetical pods on the live cluster; changes nothing. */
@Controller('v1/scheduling')
export class SchedulingController {
  constructor(
    private readonly queries: ReadModelQueries,
    private readonly consistency: ReadConsistency,
  ) {}

  @Post('simulate')
  @HttpCode(200)
  async simulate(@Req() request: Request, @Query('minCheckpoint') minCheckpoint?: string): Promise<SimulateOutput> {
    const body = parseSimulateRequest(request.body);
    await this.consistency.atLeast(minCheckpoint);
    return whatIf(await readLiveCluster(this.queries), body);
  }
}
