import { Controller, Get, Query } from '@nestjs/common';
import { PostgresEventStore } from '@keel/event-store';
import { type ClusterPicture, clusterAt } from '@keel/history';
import { type ClusterCapacityDto, ReadModelQueries } from '@keel/read-models';
import { ReadConsistency } from '../common/read-consistency';
import { historyRead, momentParameter } from '../history/moments';

/**
 * `GET /v1/cluster`: capacity by GPU model and zone (total, allocated, free GPUs and memory), from the
 * read models; with `asOf`, the cluster as it was at that moment (nodes, GPU allocation, deployments,
 * pods), rebuilt from the event log.
 */
@Controller('v1/cluster')
export class ClusterController {
  constructor(
    private readonly queries: ReadModelQueries,
    private readonly consistency: ReadConsistency,
    private readonly store: PostgresEventStore,
  ) {}

  @Get()
  async capacity(@Query('minCheckpoint') minCheckpoint?: string, @Query('asOf') asOfRaw?: string): Promise<ClusterCapacityDto | ClusterPicture> {
    const asOf = asOfRaw === undefined ? undefined : momentParameter('asOf', asOfRaw);
    await this.consistency.atLeast(minCheckpoint);
    if (asOf === undefined) return this.queries.clusterCapacity();
    return historyRead(() => clusterAt(this.store, asOf));
  }
}
