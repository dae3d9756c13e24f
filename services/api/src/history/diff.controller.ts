import { Controller, Get, Query } from '@nestjs/common';
import { type ClusterDiff } from '@keel/history';
import { ClusterReads } from '../cluster/cluster-reads';

/** `GET /v1/diff?from=&to=`: what changed between two moments, rebuilt from the event log. */
@Controller('v1/diff')
export class DiffController {
  constructor(private readonly cluster: ClusterReads) {}

  @Get()
  diff(@Query('from') from: string | undefined, @Query('to') to: string | undefined, @Query('minCheckpoint') minCheckpoint?: string): Promise<ClusterDiff> {
    return this.cluster.diff(from, to, minCheckpoint);
  }
}
