import { Controller, Get, Query } from '@nestjs/common';
import { type ClusterCapacityDto, ReadModelQueries } from '@keel/read-models';
import { ReadConsistency } from '../common/read-consistency';

/** `GET /v1/cluster`: capacity by GPU model and zone (total, allocated, free GPUs and memory). */
@Controller('v1/cluster')
export class ClusterController {
  constructor(
    private readonly queries: ReadModelQueries,
    private readonly consistency: ReadConsistency,
  ) {}

  @Get()
  async capacity(@Query('minCheckpoint') minCheckpoint?: string): Promise<ClusterCapacityDto> {
    await this.consistency.atLeast(minCheckpoint);
    return this.queries.clusterCapacity();
  }
}
