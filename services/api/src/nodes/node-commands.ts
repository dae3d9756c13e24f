import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decider, type NodeCommand, nodeOf, type NodeState } from '@keel/node-domain';
import { CommandExecutor, type WriteOutcome } from '../commands/command-executor';
import { snapshotEvery50 } from '../commands/snapshot-policies';
import { type WriteContext } from '../common/write-context';

/** Dispatched on the command bus for every node write. */
export class ExecuteNodeCommand {
  constructor(
    readonly command: NodeCommand,
    readonly context: WriteContext,
  ) {}
}

// Schema 2: bound pods keyed by deployment/pod (1: by pod name), so version-1 snapshots are rebuilt.
const snapshots = snapshotEvery50<NodeState>('node', 2);

/** Node stream `node-<name>`: load → decide → append. */
@CommandHandler(ExecuteNodeCommand)
export class NodeCommandHandler implements ICommandHandler<ExecuteNodeCommand, WriteOutcome> {
  constructor(private readonly executor: CommandExecutor) {}

  execute({ command, context }: ExecuteNodeCommand): Promise<WriteOutcome> {
    return this.executor.execute(`node-${nodeOf(command)}`, decider, command, context, snapshots);
  }
}
