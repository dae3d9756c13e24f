import {
  type ClusterServiceServer,
  DiffClusterResponse,
  GetClusterAsOfResponse,
  GetClusterCapacityResponse,
  GetPodResponse,
  ListPodsResponse,
  type PodServiceServer,
  type SchedulingServiceServer,
  SimulateRequest,
  SimulateResponse,
} from '@keel/grpc-contract';
import { type ClusterReads } from '../cluster/cluster-reads';
import { type ResourceReads } from '../reads/resource-reads';
import { type Simulation } from '../scheduling/simulation';
import { required, unary } from './grpc-call';

/** keel.v1.PodService over the shared read services. */
export function podService(reads: ResourceReads): PodServiceServer {
  return {
    getPod: unary(async (request) => GetPodResponse.fromJSON({ pod: await reads.getPod(required(request.name, 'name'), request.deployment, request.minCheckpoint) })),
    listPods: unary(async (request) => ListPodsResponse.fromJSON(await reads.listPods(request))),
  };
}

/** keel.v1.ClusterService over the shared cluster reads (capacity, time travel, diff). */
export function clusterService(cluster: ClusterReads): ClusterServiceServer {
  return {
    getClusterCapacity: unary(async (request) => GetClusterCapacityResponse.fromJSON(await cluster.capacity(request.minCheckpoint))),
    getClusterAsOf: unary(async (request) => GetClusterAsOfResponse.fromJSON(await cluster.asOf(request.asOf, request.minCheckpoint))),
    diffCluster: unary(async (request) => DiffClusterResponse.fromJSON(await cluster.diff(request.from, request.to, request.minCheckpoint))),
  };
}

/** keel.v1.SchedulingService over the shared simulation: the request's JSON is the REST body. */
export function schedulingService(simulation: Simulation): SchedulingServiceServer {
  return {
    simulate: unary(async (request) => {
      const { minCheckpoint, ...body } = SimulateRequest.toJSON(request) as Record<string, unknown>;
      // proto3 cannot send an absent list apart from an empty one: no pods means none.
      return SimulateResponse.fromJSON(await simulation.run({ pods: [], ...body }, minCheckpoint as string | undefined));
    }),
  };
}
