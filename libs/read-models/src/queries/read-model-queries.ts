import { type DataSource, In, type Repository, type SelectQueryBuilder } from 'typeorm';
import {
  type ClusterCapacityDto, type DeploymentDto, type ModelDto, type NodeDto, type Page, type PageRequest, type PodDto, type PodFilter,
} from '../dto';
import { DeploymentEntity } from '../entities/deployment.entity';
import { GpuDeviceEntity } from '../entities/gpu-device.entity';
import { ModelEntity } from '../entities/model.entity';
import { NodeEntity } from '../entities/node.entity';
import { PodEntity } from '../entities/pod.entity';
import { clusterCapacity } from './capacity';
import { toDeploymentDto, toModelDto, toNodeDto, toPodDto } from './mappers';
import { decodeCursor, pageLimit, toPage } from './pagination';

/** Options of the node reads: deregistered nodes are hidden unless asked for. */
export interface NodeQueryOptions {
  readonly includeDeregistered?: boolean;
}

/** Options of the deployment reads: deleted deployments are hidden unless asked for. */
export interface DeploymentQueryOptions {
  readonly includeDeleted?: boolean;
}

/** Reads of the read models through TypeORM repositories; every result is a plain DTO. */
export class ReadModelQueries {
  private readonly nodes: Repository<NodeEntity>;
  private readonly devices: Repository<GpuDeviceEntity>;
  private readonly models: Repository<ModelEntity>;
  private readonly deployments: Repository<DeploymentEntity>;
  private readonly pods: Repository<PodEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.nodes = dataSource.getRepository(NodeEntity);
    this.devices = dataSource.getRepository(GpuDeviceEntity);
    this.models = dataSource.getRepository(ModelEntity);
    this.deployments = dataSource.getRepository(DeploymentEntity);
    this.pods = dataSource.getRepository(PodEntity);
  }

  /** Nodes by name, with their GPUs. */
  async listNodes(page: PageRequest & NodeQueryOptions = {}): Promise<Page<NodeDto>> {
    const query = this.nodes.createQueryBuilder('e');
    if (!page.includeDeregistered) query.where("e.state = 'Active'");
    const rows = await keyset(query, page, ['name']).getMany();
    const devices = await this.devicesOf(rows.slice(0, pageLimit(page)).map((n) => n.name));
    return toPage(rows, pageLimit(page), (n) => [n.name], (items) => items.map((n) => toNodeDto(n, devices.get(n.name) ?? [])));
  }

  /** One node with its GPUs, or null. */
  async getNode(name: string, options: NodeQueryOptions = {}): Promise<NodeDto | null> {
    const node = await this.nodes.findOneBy({ name });
    if (!node || (node.state !== 'Active' && !options.includeDeregistered)) return null;
    return toNodeDto(node, (await this.devicesOf([name])).get(name) ?? []);
  }

  /** Models by name. */
  async listModels(page: PageRequest = {}): Promise<Page<ModelDto>> {
    const rows = await keyset(this.models.createQueryBuilder('e'), page, ['name']).getMany();
    return toPage(rows, pageLimit(page), (m) => [m.name], (items) => items.map(toModelDto));
  }

  /** One model, or null. */
  async getModel(name: string): Promise<ModelDto | null> {
    const model = await this.models.findOneBy({ name });
    return model && toModelDto(model);
  }

  /** Deployments by name. */
  async listDeployments(page: PageRequest & DeploymentQueryOptions = {}): Promise<Page<DeploymentDto>> {
    const query = this.deployments.createQueryBuilder('e');
    if (!page.includeDeleted) query.where('NOT e.deleted');
    const rows = await keyset(query, page, ['name']).getMany();
    return toPage(rows, pageLimit(page), (d) => [d.name], (items) => items.map(toDeploymentDto));
  }

  /** One deployment, or null. */
  async getDeployment(name: string, options: DeploymentQueryOptions = {}): Promise<DeploymentDto | null> {
    const deployment = await this.deployments.findOneBy({ name });
    return deployment && (!deployment.deleted || options.includeDeleted) ? toDeploymentDto(deployment) : null;
  }

  /** Pods by name, optionally of one deployment, in one phase, or on one node. */
  async listPods(filter: PodFilter = {}): Promise<Page<PodDto>> {
    const query = this.pods.createQueryBuilder('e').where('TRUE');
    if (filter.deployment !== undefined) query.andWhere('e.deployment = :deployment', { deployment: filter.deployment });
    if (filter.phase !== undefined) query.andWhere('e.phase = :phase', { phase: filter.phase });
    if (filter.node !== undefined) query.andWhere('e.node = :node', { node: filter.node });
    const rows = await keyset(query, filter, ['name', 'deployment']).getMany();
    return toPage(rows, pageLimit(filter), (p) => [p.name, p.deployment], (items) => items.map(toPodDto));
  }

  /** One pod by name (and deployment, when pod names of two deployments collide), or null. */
  async getPod(name: string, deployment?: string): Promise<PodDto | null> {
    const pod = await this.pods.findOne({ where: { name, ...(deployment === undefined ? {} : { deployment }) }, order: { deployment: 'ASC' } });
    return pod && toPodDto(pod);
  }

  /** GPU capacity by GPU model and zone: total, allocated and free GPUs and memory. */
  clusterCapacity(): Promise<ClusterCapacityDto> {
    return clusterCapacity(this.dataSource);
  }

  private async devicesOf(nodes: readonly string[]): Promise<Map<string, GpuDeviceEntity[]>> {
    const map = new Map<string, GpuDeviceEntity[]>();
    if (nodes.length === 0) return map;
    const devices = await this.devices.find({ where: { node: In([...nodes]) }, order: { node: 'ASC', index: 'ASC' } });
    for (const device of devices) map.set(device.node, [...(map.get(device.node) ?? []), device]);
    return map;
  }
}

/** Orders by `columns`, starts after the cursor's key and fetches one row more than the page. */
function keyset<E extends object>(query: SelectQueryBuilder<E>, page: PageRequest, columns: readonly string[]): SelectQueryBuilder<E> {
  const limit = pageLimit(page);
  if (page.cursor !== undefined) {
    const key = decodeCursor(page.cursor, columns.length);
    const params = Object.fromEntries(columns.map((c, i) => [`k${i}`, key[i]]));
    query.andWhere(`(${columns.map((c) => `e.${c}`).join(', ')}) > (${columns.map((_, i) => `:k${i}`).join(', ')})`, params);
  }
  for (const column of columns) query.addOrderBy(`e.${column}`, 'ASC');
  return query.take(limit + 1);
}
