import { Controller, Delete, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { systemClock } from '@keel/kernel';
import { type NodeCommand } from '@keel/node-domain';
import { type WriteResponse } from '../commands/command-executor';
import { HttpProblem } from '../common/api-error';
import { sendWrite } from '../common/write-endpoint';
import { bodyObject, withName, writeContext } from '../common/write-context';
import { ExecuteNodeCommand } from './node-commands';

const ACTIONS: Record<string, NodeCommand['type']> = {
  cordon: 'CordonNode',
  uncordon: 'UncordonNode',
  drain: 'DrainNode',
  fail: 'MarkNodeFailed',
  recover: 'RecoverNode',
};

/** Node writes: register, labels, taints, lifecycle actions, deregister. */
@Controller('v1/nodes')
export class NodesWriteController {
  constructor(private readonly bus: CommandBus) {}

  @Post()
  register(@Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<WriteResponse> {
    return this.run(req, res, 'RegisterNode', bodyObject(req), 201);
  }

  @Put(':name/labels')
  labels(@Param('name') name: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<WriteResponse> {
    return this.run(req, res, 'UpdateNodeLabels', withName(name, bodyObject(req)), 200);
  }

  @Put(':name/taints')
  taints(@Param('name') name: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<WriteResponse> {
    return this.run(req, res, 'UpdateNodeTaints', withName(name, bodyObject(req)), 200);
  }

  @Post(':name/:action')
  action(@Param('name') name: string, @Param('action') action: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<WriteResponse> {
    const type = ACTIONS[action];
    if (!type) throw new HttpProblem(404, 'NotFound', `unknown node action "${action}"; use one of ${Object.keys(ACTIONS).join(', ')}`);
    return this.run(req, res, type, withName(name, bodyObject(req)), 200);
  }

  @Delete(':name')
  deregister(@Param('name') name: string, @Query('force') force: string | undefined, @Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<WriteResponse> {
    if (force !== undefined && force !== 'true' && force !== 'false') throw new HttpProblem(400, 'Validation', 'force: must be true or false', [{ path: 'force', reason: 'must be true or false' }]);
    return this.run(req, res, 'DeregisterNode', { name, ...(force === 'true' ? { force: true } : {}) }, 200);
  }

  private async run(req: FastifyRequest, res: FastifyReply, type: NodeCommand['type'], data: Record<string, unknown>, status: number): Promise<WriteResponse> {
    const context = writeContext(req, systemClock.now());
    const command = { type, data, metadata: context.metadata } as NodeCommand;
    return sendWrite(res, await this.bus.execute(new ExecuteNodeCommand(command, context)), status);
  }
}
