import { Controller, Get, Query } from '@nestjs/common';
import { type ClusterPicture } from '@keel/history';
import { type ClusterCapacityDto } from '@keel/read-models';
import { ClusterReads } from './cluster-reads';

/**
 * `GET /v1/cluster`: capacity by GPU model and zone (total, allocated, free GPUs and memory), from the
 * read models; with `asOf`, the cluster as it was at that moment (nodes, GPU allocation, deployments,
 * pods), rebuilt from the event log.
 */
@Controller('v1/cluster')
export class ClusterController {
  constructor(private readonly cluster: ClusterReads) {}

  @Get()
  capacity(@Query('minCheckpoint') minCheckpoint?: string, @Query('asOf') asOf?: string): Promise<ClusterCapacityDto | ClusterPicture> {
    return asOf === undefined ? this.cluster.capacity(minCheckpoint) : this.cluster.asOf(asOf, minCheckpoint);
  }
}
