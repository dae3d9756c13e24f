import { type CommandBus } from '@nestjs/cqrs';
import {
  CreateDeploymentRequest,
  DeleteDeploymentRequest,
  type DeploymentServiceServer,
  GetDeploymentResponse,
  ListDeploymentsResponse,
  ScaleDeploymentRequest,
  UpdateDeploymentRequest,
} from '@keel/grpc-contract';
import { type DeploymentRequest, ExecuteDeploymentCommand } from '../deployments/deployment-commands';
import { type ResourceReads } from '../reads/resource-reads';
import { required, unary } from './grpc-call';
import { type Dispatch, writeRpc } from './write-rpc';

/**
 * keel.v1.DeploymentService: the REST deployment operations, dispatched on the same command bus (whose
 * handler runs the fit check) and read services.
 */
export function deploymentService(bus: CommandBus, reads: ResourceReads): DeploymentServiceServer {
  const run =
    (type: DeploymentRequest['type']): Dispatch =>
    (data, context) =>
      bus.execute(new ExecuteDeploymentCommand({ type, data } as DeploymentRequest, context));
  return {
    createDeployment: writeRpc(CreateDeploymentRequest.toJSON, run('CreateDeployment')),
    updateDeployment: writeRpc(UpdateDeploymentRequest.toJSON, run('UpdateDeployment')),
    scaleDeployment: writeRpc(ScaleDeploymentRequest.toJSON, run('ScaleDeployment')),
    deleteDeployment: writeRpc(DeleteDeploymentRequest.toJSON, run('DeleteDeployment')),
    getDeployment: unary(async (request) => GetDeploymentResponse.fromJSON({ deployment: await reads.getDeployment(required(request.name, 'name'), request.minCheckpoint) })),
    listDeployments: unary(async (request) => ListDeploymentsResponse.fromJSON(await reads.listDeployments(request))),
  };
}
