import { type CommandBus } from '@nestjs/cqrs';
import { DeprecateModelRequest, GetModelResponse, ListModelsResponse, type ModelServiceServer, RegisterModelRequest } from '@keel/grpc-contract';
import { type ModelCommand } from '@keel/model-domain';
import { ExecuteModelCommand } from '../models/model-commands';
import { type ResourceReads } from '../reads/resource-reads';
import { required, unary } from './grpc-call';
import { type Dispatch, writeRpc } from './write-rpc';

/** keel.v1.ModelService: the REST model operations, dispatched on the same command bus and read services. */
export function modelService(bus: CommandBus, reads: ResourceReads): ModelServiceServer {
  const run =
    (type: ModelCommand['type']): Dispatch =>
    (data, context) =>
      bus.execute(new ExecuteModelCommand({ type, data, metadata: context.metadata } as ModelCommand, context));
  return {
    registerModel: writeRpc(RegisterModelRequest.toJSON, run('RegisterModel')),
    deprecateModel: writeRpc(DeprecateModelRequest.toJSON, run('DeprecateModel')),
    getModel: unary(async (request) => GetModelResponse.fromJSON({ model: await reads.getModel(required(request.name, 'name'), request.minCheckpoint) })),
    listModels: unary(async (request) => ListModelsResponse.fromJSON(await reads.listModels(request))),
  };
}
