import { type CommandBus } from '@nestjs/cqrs';
import {
  CordonNodeRequest,
  DeregisterNodeRequest,
  DrainNodeRequest,
  GetNodeResponse,
  ListNodesResponse,
  MarkNodeFailedRequest,
  type NodeServiceServer,
  RecoverNodeRequest,
  RegisterNodeRequest,
  UncordonNodeRequest,
  UpdateNodeLabelsRequest,
  UpdateNodeTaintsRequest,
} from '@keel/grpc-contract';
import { type NodeCommand } from '@keel/node-domain';
import { type ResourceReads } from '../reads/resource-reads';
import { ExecuteNodeCommand } from '../nodes/node-commands';
import { required, unary } from './grpc-call';
import { type Dispatch, writeRpc } from './write-rpc';

/** keel.v1.NodeService: the REST node operations, dispatched on the same command bus and read services. */
export function nodeService(bus: CommandBus, reads: ResourceReads): NodeServiceServer {
  const run =
    (type: NodeCommand['type']): Dispatch =>
    (data, context) =>
      bus.execute(new ExecuteNodeCommand({ type, data, metadata: context.metadata } as NodeCommand, context));
  return {
    // proto3 cannot send an absent list or map apart from an empty one: empty means "none".
    registerNode: writeRpc(RegisterNodeRequest.toJSON, run('RegisterNode'), { devices: [] }),
    updateNodeLabels: writeRpc(UpdateNodeLabelsRequest.toJSON, run('UpdateNodeLabels'), { labels: {} }),
    updateNodeTaints: writeRpc(UpdateNodeTaintsRequest.toJSON, run('UpdateNodeTaints'), { taints: [] }),
    cordonNode: writeRpc(CordonNodeRequest.toJSON, run('CordonNode')),
    uncordonNode: writeRpc(UncordonNodeRequest.toJSON, run('UncordonNode')),
    drainNode: writeRpc(DrainNodeRequest.toJSON, run('DrainNode')),
    markNodeFailed: writeRpc(MarkNodeFailedRequest.toJSON, run('MarkNodeFailed')),
    recoverNode: writeRpc(RecoverNodeRequest.toJSON, run('RecoverNode')),
    deregisterNode: writeRpc(DeregisterNodeRequest.toJSON, run('DeregisterNode')),
    getNode: unary(async (request) => GetNodeResponse.fromJSON({ node: await reads.getNode(required(request.name, 'name'), request.minCheckpoint) })),
    listNodes: unary(async (request) => ListNodesResponse.fromJSON(await reads.listNodes(request))),
  };
}
