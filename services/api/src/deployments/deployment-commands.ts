import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { invalid, type MessageMetadata } from '@keel/kernel';
import { decider, type DeploymentCommand, type DeploymentState } from '@keel/deployment-domain';
import { checkFit, decider as modelDecider, type FitTemplate } from '@keel/model-domain';
import { CommandExecutor, type WriteOutcome } from '../commands/command-executor';
import { snapshotEvery50 } from '../commands/snapshot-policies';
import { type WriteContext } from '../common/write-context';

/** A deployment write as it arrives: create/update carry no fit verdict yet, the handler computes it. */
export type DeploymentRequest =
  | { readonly type: 'CreateDeployment' | 'UpdateDeployment'; readonly data: Record<string, unknown> }
  | { readonly type: Exclude<DeploymentCommand['type'], 'CreateDeployment' | 'UpdateDeployment'>; readonly data: Record<string, unknown> };

/** Dispatched on the command bus for every deployment write. */
export class ExecuteDeploymentCommand {
  constructor(
    readonly request: DeploymentRequest,
    readonly context: WriteContext,
  ) {}
}

const snapshots = snapshotEvery50<DeploymentState>('deployment');
/** A verdict that matches no template; only reached when the body is invalid, which decide reports first. */
const NO_VERDICT = { model: '', tensorParallel: 1, pipelineParallel: 1, message: '', candidates: [] };

/**
 * Deployment stream `deployment-<name>`. Create and update first load the model stream and run the fit
 * check (reference.md §4), whose report the decider turns into a 422 with the arithmetic when nothing fits.
 */
@CommandHandler(ExecuteDeploymentCommand)
export class DeploymentCommandHandler implements ICommandHandler<ExecuteDeploymentCommand, WriteOutcome> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ request, context }: ExecuteDeploymentCommand): Promise<WriteOutcome> {
    const data = request.type === 'CreateDeployment' || request.type === 'UpdateDeployment' ? await this.withFit(request.data) : request.data;
    const command = { type: request.type, data, metadata: context.metadata as MessageMetadata } as DeploymentCommand;
    return this.executor.execute(`deployment-${String(request.data.name)}`, decider, command, context, snapshots);
  }

  private async withFit(data: Record<string, unknown>): Promise<Record<string, unknown>> {
    if ('fit' in data) throw invalid('fit', 'is computed by Keel from the model and template; do not send it');
    if (typeof data.model !== 'string' || typeof data.template !== 'object' || data.template === null) return { ...data, fit: NO_VERDICT };
    const { state } = await this.executor.load(`model-${data.model}`, modelDecider);
    if (state.status !== 'Registered') throw invalid('model', `no model named "${data.model}" is registered`);
    if (state.deprecated) throw invalid('model', `model "${data.model}" is deprecated${state.deprecationReason ? `: ${state.deprecationReason}` : ''}`);
    try {
      return { ...data, fit: checkFit(state.facts, data.template as FitTemplate) };
    } catch {
      return { ...data, fit: NO_VERDICT };
    }
  }
}
