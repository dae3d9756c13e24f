import { Controller, Delete, Param, Post, Put, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { systemClock } from '@keel/kernel';
import { type WriteResponse } from '../commands/command-executor';
import { sendWrite } from '../common/write-endpoint';
import { bodyObject, withName, writeContext } from '../common/write-context';
import { type DeploymentRequest, ExecuteDeploymentCommand } from './deployment-commands';

/** Deployment writes: create, update (new revision), scale, delete. */
@Controller('v1/deployments')
export class DeploymentsWriteController {
  constructor(private readonly bus: CommandBus) {}

  @Post()
  create(@Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<WriteResponse> {
    return this.run(req, res, { type: 'CreateDeployment', data: bodyObject(req) }, 201);
  }

  @Put(':name')
  update(@Param('name') name: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<WriteResponse> {
    return this.run(req, res, { type: 'UpdateDeployment', data: withName(name, bodyObject(req)) }, 200);
  }

  @Post(':name/scale')
  scale(@Param('name') name: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<WriteResponse> {
    return this.run(req, res, { type: 'ScaleDeployment', data: withName(name, bodyObject(req)) }, 200);
  }

  @Delete(':name')
  remove(@Param('name') name: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<WriteResponse> {
    return this.run(req, res, { type: 'DeleteDeployment', data: { name } }, 200);
  }

  private async run(req: FastifyRequest, res: FastifyReply, request: DeploymentRequest, status: number): Promise<WriteResponse> {
    const context = writeContext(req, systemClock.now());
    return sendWrite(res, await this.bus.execute(new ExecuteDeploymentCommand(request, context)), status);
  }
}
