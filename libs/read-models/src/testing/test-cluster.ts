import { type DeploymentEvent, type DeploymentSpec, decider as deployments } from '@keel/deployment-domain';
import { type PostgresEventStore } from '@keel/event-store';
import { type ModelFacts, checkFit, decider as models } from '@keel/model-domain';
import { type DeviceClaim, type NodeCommand, type RegisterNodeData, decider as nodes } from '@keel/node-domain';
import { appendDecided, type Bare, decideOn, loadState } from './decide-and-append';

/**
 * Drives a cluster through the real deciders, as the command handlers do (load → fold → decide → append
 * with the expected version), including the cross-stream follow-ups: bind = AssignPod + BindPod in one
 * append; evictions and removals of bound pods release them on their nodes.
 */
export class TestCluster {
  /** Checkpoint of the last append. */
  checkpoint = '0:0';

  constructor(private readonly store: PostgresEventStore) {}

  async registerModel(facts: ModelFacts): Promise<void> {
    await this.append([await decideOn(this.store, models, `model-${facts.name}`, { type: 'RegisterModel', data: facts })]);
  }

  async deprecateModel(name: string, reason: string): Promise<void> {
    await this.append([await decideOn(this.store, models, `model-${name}`, { type: 'DeprecateModel', data: { name, reason } })]);
  }

  async registerNode(data: RegisterNodeData): Promise<void> {
    await this.node({ type: 'RegisterNode', data });
  }

  /** Any node command; evicted pods go back to Pending on their deployments. */
  async node(command: Bare<NodeCommand>): Promise<void> {
    const name = 'name' in command.data ? command.data.name : command.data.node;
    const decided = await decideOn(this.store, nodes, `node-${name}`, command);
    await this.append([decided]);
    for (const event of decided.events) {
      if (event.type !== 'NodeDrained' && event.type !== 'NodeFailed') continue;
      for (const { pod, deployment } of event.data.evicted) {
        await this.deployment({ type: 'EvictPod', data: { name: deployment, pod, node: name, reason: event.type === 'NodeDrained' ? 'drained' : event.data.reason } });
      }
    }
  }

  async createDeployment(name: string, replicas: number, spec: DeploymentSpec): Promise<void> {
    const model = await loadState(this.store, models, `model-${spec.model}`);
    if (model.state.status !== 'Registered') throw new Error(`model ${spec.model} is not registered`);
    const fit = checkFit(model.state.facts, spec.template);
    await this.deployment({ type: 'CreateDeployment', data: { name, replicas, ...spec, fit } });
  }

  async scale(name: string, replicas: number): Promise<void> {
    await this.deployment({ type: 'ScaleDeployment', data: { name, replicas } });
  }

  async deleteDeployment(name: string): Promise<void> {
    await this.deployment({ type: 'DeleteDeployment', data: { name } });
  }

  /** Binds a pod: AssignPod on the node and BindPod on the deployment, in one atomic append. */
  async bind(deployment: string, pod: string, node: string, gpuModel: string, devices: readonly DeviceClaim[], host = { cpuMilli: 4000, memoryMiB: 32_768 }): Promise<void> {
    const assign = { type: 'AssignPod' as const, data: { node, pod, deployment, devices, gpuModel, ...host } };
    const onNode = await decideOn(this.store, nodes, `node-${node}`, assign);
    const onDeployment = await decideOn(this.store, deployments, `deployment-${deployment}`, {
      type: 'BindPod',
      data: { name: deployment, pod, node, gpuModel, devices },
    });
    await this.append([onNode, onDeployment]);
  }

  /** A deployment command; removed pods that were bound are released on their nodes. */
  private async deployment(command: Bare<Parameters<typeof deployments.decide>[0]>): Promise<void> {
    const decided = await decideOn(this.store, deployments, `deployment-${command.data.name}`, command);
    await this.append([decided]);
    for (const event of decided.events as readonly DeploymentEvent[]) {
      if (event.type === 'PodRemoved' && event.data.node !== undefined) {
        await this.node({ type: 'ReleasePod', data: { node: event.data.node, deployment: event.data.deployment, pod: event.data.pod } });
      }
    }
  }

  private async append(decisions: Parameters<typeof appendDecided>[1]): Promise<void> {
    const checkpoint = await appendDecided(this.store, decisions);
    if (checkpoint !== null) this.checkpoint = checkpoint;
  }
}
