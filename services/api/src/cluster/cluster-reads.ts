import { Injectable } from '@nestjs/common';
import { PostgresEventStore } from '@keel/event-store';
import { type ClusterDiff, clusterAt, clusterDiff, type ClusterPicture } from '@keel/history';
import { type ClusterCapacityDto, ReadModelQueries } from '@keel/read-models';
import { ReadConsistency } from '../common/read-consistency';
import { historyRead, momentParameter } from '../history/moments';

/**
 * Reads of the cluster as a whole, for every transport: capacity from the read models, and time travel
 * (the cluster at a moment, the diff of two) rebuilt from the event log. Moments are ISO times, global
 * positions or checkpoints; a bad one is a 400 naming its parameter.
 */
@Injectable()
export class ClusterReads {
  constructor(
    private readonly queries: ReadModelQueries,
    private readonly consistency: ReadConsistency,
    private readonly store: PostgresEventStore,
  ) {}

  async capacity(minCheckpoint?: string): Promise<ClusterCapacityDto> {
    await this.consistency.atLeast(minCheckpoint);
    return this.queries.clusterCapacity();
  }

  async asOf(asOfRaw: string | undefined, minCheckpoint?: string): Promise<ClusterPicture> {
    const asOf = momentParameter('asOf', asOfRaw);
    await this.consistency.atLeast(minCheckpoint);
    return historyRead(() => clusterAt(this.store, asOf));
  }

  async diff(fromRaw: string | undefined, toRaw: string | undefined, minCheckpoint?: string): Promise<ClusterDiff> {
    const from = momentParameter('from', fromRaw);
    const to = momentParameter('to', toRaw);
    await this.consistency.atLeast(minCheckpoint);
    return historyRead(() => clusterDiff(this.store, from, to));
  }
}
