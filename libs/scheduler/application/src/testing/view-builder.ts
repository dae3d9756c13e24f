import { type DeploymentCommand, type DeploymentSpec, decider as deployments } from '@keel/deployment-domain';
import { type Command, type Decider, type Event, testMetadata } from '@keel/kernel';
import { type NodeCommand, type RegisterNodeData, decider as nodes } from '@keel/node-domain';
import { ClusterView } from '../cluster-view';

type Bare<C extends Command> = C extends Command ? Omit<C, 'metadata'> : never;

/** Builds a {@link ClusterView} by running commands through the real deciders (no store). */
export class ViewBuilder {
  readonly view = new ClusterView();
  /** Every event decided, in order, to seed a store with. */
  readonly log: { readonly streamId: string; readonly type: string; readonly data: unknown }[] = [];
  private position = 0;

  node(command: Bare<NodeCommand>): this {
    const name = 'name' in command.data ? command.data.name : command.data.node;
    return this.run(`node-${name}`, nodes, command, (s) => this.view.nodes.get(s)?.state ?? nodes.initialState(), name);
  }

  registerNode(data: RegisterNodeData): this {
    return this.node({ type: 'RegisterNode', data });
  }

  deployment(command: Bare<DeploymentCommand>): this {
    return this.run(`deployment-${command.data.name}`, deployments, command, (s) => this.view.deployments.get(s)?.state ?? deployments.initialState(), command.data.name);
  }

  createDeployment(name: string, replicas: number, spec: DeploymentSpec): this {
    const gpus = spec.template.acceptableGpuModels;
    const candidates = gpus.map((gpuModel) => ({ gpuModel, fits: true, message: 'fits' }));
    const fit = { model: spec.model, tensorParallel: spec.template.tensorParallel, pipelineParallel: spec.template.pipelineParallel, message: 'fits', candidates };
    return this.deployment({ type: 'CreateDeployment', data: { name, replicas, ...spec, fit } });
  }

  private run<C extends Command, E extends Event, S>(streamId: string, decider: Decider<C, E, S>, command: Bare<C>, state: (name: string) => S, name: string): this {
    const events = decider.decide({ ...command, metadata: testMetadata } as unknown as C, state(name));
    for (const event of events) {
      this.position += 1;
      this.log.push({ streamId, type: event.type, data: event.data });
      this.view.apply({ streamId, streamVersion: this.view.versionOf(streamId) + 1, globalPosition: this.position, type: event.type, data: event.data });
    }
    return this;
  }
}

/** A node with `gpus` A100-80GB devices. */
export function a100Node(name: string, gpus = 4, zone = 'zone-a'): RegisterNodeData {
  return { name, zone, labels: {}, taints: [], cpuMilli: 64_000, memoryMiB: 512_000, devices: Array.from({ length: gpus }, () => ({ model: 'A100-80GB', memoryMiB: 81_920 })) };
}

/** A one-stage deployment spec on whole A100s. */
export function spec(options: { gpus?: number; priority?: number; pipeline?: number; gpuModels?: string[] } = {}): DeploymentSpec {
  const gpus = options.gpus ?? 1;
  const pipeline = options.pipeline ?? 1;
  return {
    model: 'm',
    runtime: 'vllm',
    priority: options.priority ?? 0,
    template: {
      gpusPerReplica: gpus * pipeline,
      tensorParallel: gpus,
      pipelineParallel: pipeline,
      acceptableGpuModels: options.gpuModels ?? ['A100-80GB'],
      cpuMilli: 1000,
      memoryMiB: 1024,
      maxContext: 1024,
      maxConcurrentSequences: 1,
    },
  };
}
