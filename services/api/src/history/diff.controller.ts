import { Controller, Get, Query } from '@nestjs/common';
import { PostgresEventStore } from '@keel/event-store';
import { type ClusterDiff, clusterDiff } from '@keel/history';
import { ReadConsistency } from '../common/read-consistency';
import { historyRead, momentParameter } from './moments';

/** `GET /v1/diff?from=&to=`: what changed between two moments, rebuilt from the event log. */
@Controller('v1/diff')
export class DiffController {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly consistency: ReadConsistency,
  ) {}

  @Get()
  async diff(@Query('from') fromRaw: string | undefined, @Query('to') toRaw: string | undefined, @Query('minCheckpoint') minCheckpoint?: string): Promise<ClusterDiff> {
    const from = momentParameter('from', fromRaw);
    const to = momentParameter('to', toRaw);
    await this.consistency.atLeast(minCheckpoint);
    return historyRead(() => clusterDiff(this.store, from, to));
  }
}
