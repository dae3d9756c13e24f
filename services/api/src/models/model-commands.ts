import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decider, type ModelCommand } from '@keel/model-domain';
import { CommandExecutor, type WriteOutcome } from '../commands/command-executor';
import { type WriteContext } from '../common/write-context';

/** Dispatched on the command bus for every model write. */
export class ExecuteModelCommand {
  constructor(
    readonly command: ModelCommand,
    readonly context: WriteContext,
  ) {}
}

/** Model stream `model-<name>`: load → decide → append. */
@CommandHandler(ExecuteModelCommand)
export class ModelCommandHandler implements ICommandHandler<ExecuteModelCommand, WriteOutcome> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ command, context }: ExecuteModelCommand): Promise<WriteOutcome> {
    return this.executor.execute(`model-${command.data.name}`, decider, command, context);
  }
}
