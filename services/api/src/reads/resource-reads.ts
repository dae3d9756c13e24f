import { Injectable } from '@nestjs/common';
import { type DeploymentDto, type ModelDto, type NodeDto, type Page, type PodDto, ReadModelQueries } from '@keel/read-models';
import { HttpProblem } from '../common/api-error';
import { ReadConsistency } from '../common/read-consistency';
import { found, type ListQuery, pageOf } from '../common/read-endpoint';

/** Filters of a pod list. */
export interface PodQuery extends ListQuery {
  deployment?: string;
  node?: string;
  phase?: string;
}

/**
 * Reads of nodes, models, deployments and pods from the read models, for every transport: waits for
 * `minCheckpoint` first (read-your-writes), validates paging and filters, and 404s an unknown name.
 */
@Injectable()
export class ResourceReads {
  constructor(
    private readonly queries: ReadModelQueries,
    private readonly consistency: ReadConsistency,
  ) {}

  async listNodes(query: ListQuery): Promise<Page<NodeDto>> {
    const page = pageOf(query);
    await this.consistency.atLeast(query.minCheckpoint);
    return this.queries.listNodes(page);
  }

  async getNode(name: string, minCheckpoint?: string): Promise<NodeDto> {
    await this.consistency.atLeast(minCheckpoint);
    return found(await this.queries.getNode(name), 'node', name);
  }

  async listModels(query: ListQuery): Promise<Page<ModelDto>> {
    const page = pageOf(query);
    await this.consistency.atLeast(query.minCheckpoint);
    return this.queries.listModels(page);
  }

  async getModel(name: string, minCheckpoint?: string): Promise<ModelDto> {
    await this.consistency.atLeast(minCheckpoint);
    return found(await this.queries.getModel(name), 'model', name);
  }

  async listDeployments(query: ListQuery): Promise<Page<DeploymentDto>> {
    const page = pageOf(query);
    await this.consistency.atLeast(query.minCheckpoint);
    return this.queries.listDeployments(page);
  }

  async getDeployment(name: string, minCheckpoint?: string): Promise<DeploymentDto> {
    await this.consistency.atLeast(minCheckpoint);
    return found(await this.queries.getDeployment(name), 'deployment', name);
  }

  async listPods(query: PodQuery): Promise<Page<PodDto>> {
    if (query.phase !== undefined && query.phase !== 'Pending' && query.phase !== 'Bound') {
      throw new HttpProblem(400, 'Validation', 'phase: must be Pending or Bound', [{ path: 'phase', reason: 'must be Pending or Bound' }]);
    }
    const page = pageOf(query);
    await this.consistency.atLeast(query.minCheckpoint);
    return this.queries.listPods({ ...page, deployment: query.deployment, node: query.node, phase: query.phase });
  }

  async getPod(name: string, deployment?: string, minCheckpoint?: string): Promise<PodDto> {
    await this.consistency.atLeast(minCheckpoint);
    return found(await this.queries.getPod(name, deployment), 'pod', name);
  }
}
