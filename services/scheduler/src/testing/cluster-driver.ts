import { type DeploymentCommand, type DeploymentSpec, decider as deployments } from '@keel/deployment-domain';
import { AggregateRepository, type PostgresEventStore } from '@keel/event-store';
import { type Command, type Decider, type Event, type MessageMetadata } from '@keel/kernel';
import { checkFit, decider as models, type ModelFacts, type ModelState } from '@keel/model-domain';
import { type NodeCommand, type RegisterNodeData, decider as nodes } from '@keel/node-domain';

type Bare<C extends Command> = C extends Command ? Omit<C, 'metadata'> : never;

const metadata: MessageMetadata = { actor: 'test', correlationId: 'test', time: '2026-01-01T00:00:00.000Z' };

/** Runs commands through the deciders as the API's command handlers do (load → decide → append with the expected version). */
export class ClusterDriver {
  /** Checkpoint of the last append. */
  checkpoint = '0:0';

  constructor(private readonly store: PostgresEventStore) {}

  registerModel(facts: ModelFacts): Promise<string> {
    return this.run(`model-${facts.name}`, models, { type: 'RegisterModel', data: facts });
  }

  registerNode(data: RegisterNodeData): Promise<string> {
    return this.node({ type: 'RegisterNode', data });
  }

  node(command: Bare<NodeCommand>): Promise<string> {
    const name = 'name' in command.data ? command.data.name : command.data.node;
    return this.run(`node-${name}`, nodes, command);
  }

  async createDeployment(name: string, replicas: number, spec: DeploymentSpec): Promise<string> {
    const model = await new AggregateRepository<ModelState>(this.store, folding(models)).load(`model-${spec.model}`);
    if (model.state.status !== 'Registered') throw new Error(`model ${spec.model} is not registered`);
    return this.deployment({ type: 'CreateDeployment', data: { name, replicas, ...spec, fit: checkFit(model.state.facts, spec.template) } });
  }

  deployment(command: Bare<DeploymentCommand>): Promise<string> {
    return this.run(`deployment-${command.data.name}`, deployments, command);
  }

  private async run<C extends Command, E extends Event, S>(streamId: string, decider: Decider<C, E, S>, command: Bare<C>): Promise<string> {
    const repository = new AggregateRepository<S>(this.store, folding(decider));
    const { result } = await repository.handle(streamId, (state) => decider.decide({ ...command, metadata } as unknown as C, state).map((e) => ({ type: e.type, data: e.data })));
    if (result) this.checkpoint = result.checkpoint;
    return this.checkpoint;
  }
}

function folding<C extends Command, E extends Event, S>(decider: Decider<C, E, S>) {
  return { initialState: decider.initialState, evolve: (state: S, event: { type: string; data: unknown }) => decider.evolve(state, event as unknown as E) };
}
