import { Controller, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { systemClock } from '@keel/kernel';
import { type ModelCommand } from '@keel/model-domain';
import { type WriteResponse } from '../commands/command-executor';
import { sendWrite } from '../common/write-endpoint';
import { bodyObject, withName, writeContext } from '../common/write-context';
import { ExecuteModelCommand } from './model-commands';

/** Model writes: register, deprecate. */
@Controller('v1/models')
export class ModelsWriteController {
  constructor(private readonly bus: CommandBus) {}

  @Post()
  register(@Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<WriteResponse> {
    return this.run(req, res, 'RegisterModel', bodyObject(req), 201);
  }

  @Post(':name/deprecate')
  deprecate(@Param('name') name: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<WriteResponse> {
    return this.run(req, res, 'DeprecateModel', withName(name, bodyObject(req)), 200);
  }

  private async run(req: FastifyRequest, res: FastifyReply, type: ModelCommand['type'], data: Record<string, unknown>, status: number): Promise<WriteResponse> {
    const context = writeContext(req, systemClock.now());
    const command = { type, data, metadata: context.metadata } as ModelCommand;
    return sendWrite(res, await this.bus.execute(new ExecuteModelCommand(command, context)), status);
  }
}
