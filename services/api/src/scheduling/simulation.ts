import { Injectable } from '@nestjs/common';
import { ReadModelQueries } from '@keel/read-models';
import { type SimulateOutput } from '@keel/scheduler-simulator';
import { ReadConsistency } from '../common/read-consistency';
import { readLiveCluster } from './live-cluster';
import { parseSimulateRequest } from './simulate-request';
import { whatIf } from './what-if';

/** What-if placement of hypothetical pods on the live cluster, for every transport; changes nothing. */
@Injectable()
export class Simulation {
  constructor(
    private readonly queries: ReadModelQueries,
    private readonly consistency: ReadConsistency,
  ) {}

  /** Validates `body` (a 400 naming every bad field), waits for `minCheckpoint`, then simulates. */
  async run(body: unknown, minCheckpoint?: string): Promise<SimulateOutput> {
    const request = parseSimulateRequest(body);
    await this.consistency.atLeast(minCheckpoint);
    return whatIf(await readLiveCluster(this.queries), request);
  }
}
