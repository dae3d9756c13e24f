import { type DeploymentSpec, decider as deployments } from '@keel/deployment-domain';
import { type RecordedEvent } from '@keel/event-store';
import { type Command, type Decider, type Event } from '@keel/kernel';
import { checkFit, type ModelFacts, decider as models } from '@keel/model-domain';
import { type DeviceClaim, type RegisterNodeData, decider as nodes } from '@keel/node-domain';

type Bare<C extends Command> = C extends Command ? Omit<C, 'metadata'> : never;

/** Mistral-7B GPTQ (small enough to share a GPU). */
export const mistral: ModelFacts = { name: 'mistral-7b', displayName: 'Mistral-7B', parametersBillions: 7.2, dtype: 'gptq', layers: 32, attentionHeads: 32, kvHeads: 8, headDim: 128, maxContext: 32_768 };

/** One replica per A100, whole GPU. */
export const mistralSpec: DeploymentSpec = {
  model: 'mistral-7b', runtime: 'vllm',
  template: { gpusPerReplica: 1, tensorParallel: 1, pipelineParallel: 1, acceptableGpuModels: ['A100-80GB'], cpuMilli: 2000, memoryMiB: 16_384, maxContext: 4096, maxConcurrentSequences: 4 },
};

/** A node with `gpus` A100s. */
export const a100Node = (name: string, zone = 'zone-a', gpus = 2): RegisterNodeData => ({
  name, zone, cpuMilli: 64_000, memoryMiB: 524_288, devices: Array.from({ length: gpus }, () => ({ model: 'A100-80GB', memoryMiB: 81_920 })),
});

/**
 * An in-memory global log written by the real deciders: each command is one transaction, one minute after
 * the previous one (from 2025-01-01T00:00Z), with the cross-stream follow-ups the command handlers do.
 */
export class TestLog {
  readonly events: RecordedEvent[] = [];
  private transaction = 100;
  private clock = Date.parse('2025-01-01T00:00:00.000Z');

  /** Time of the last command. */
  get time(): string {
    return new Date(this.clock).toISOString();
  }

  /** Checkpoint of the last event. */
  get checkpoint(): string {
    return this.events[this.events.length - 1]?.checkpoint ?? '0:0';
  }

  registerModel(facts: ModelFacts): void {
    this.tx([() => this.decide(models, `model-${facts.name}`, { type: 'RegisterModel', data: facts })]);
  }

  registerNode(data: RegisterNodeData): void {
    this.tx([() => this.decide(nodes, `node-${data.name}`, { type: 'RegisterNode', data })]);
  }

  cordon(name: string): void {
    this.tx([() => this.decide(nodes, `node-${name}`, { type: 'CordonNode', data: { name } })]);
  }

  /** Drains the node and puts its pods back to Pending on their deployments. */
  drain(name: string): void {
    this.tx([
      () => {
        const drained = this.decide(nodes, `node-${name}`, { type: 'DrainNode', data: { name } });
        for (const event of drained) {
          if (event.type !== 'NodeDrained') continue;
          for (const { pod, deployment } of event.data.evicted) this.decide(deployments, `deployment-${deployment}`, { type: 'EvictPod', data: { name: deployment, pod, node: name, reason: 'drained' } });
        }
        return drained;
      },
    ]);
  }

  createDeployment(name: string, replicas: number, spec: DeploymentSpec = mistralSpec): void {
    const fit = checkFit(mistral, spec.template);
    this.tx([() => this.decide(deployments, `deployment-${name}`, { type: 'CreateDeployment', data: { name, replicas, ...spec, fit } })]);
  }

  /** Scales; removed pods that were bound are released on their nodes. */
  scale(name: string, replicas: number): void {
    this.tx([
      () => {
        const scaled = this.decide(deployments, `deployment-${name}`, { type: 'ScaleDeployment', data: { name, replicas } });
        for (const event of scaled) {
          if (event.type === 'PodRemoved' && event.data.node) this.decide(nodes, `node-${event.data.node}`, { type: 'ReleasePod', data: { node: event.data.node, deployment: event.data.deployment, pod: event.data.pod } });
        }
        return scaled;
      },
    ]);
  }

  /** AssignPod on the node and BindPod on the deployment in one transaction. */
  bind(deployment: string, pod: string, node: string, devices: readonly number[]): void {
    const claims: DeviceClaim[] = devices.map((index) => ({ index, milli: 1000, memoryMiB: 81_920 }));
    this.tx([
      () => this.decide(nodes, `node-${node}`, { type: 'AssignPod', data: { node, pod, deployment, devices: claims, gpuModel: 'A100-80GB', cpuMilli: 2000, memoryMiB: 16_384 } }),
      () => this.decide(deployments, `deployment-${deployment}`, { type: 'BindPod', data: { name: deployment, pod, node, gpuModel: 'A100-80GB', devices: claims } }),
    ]);
  }

  private tx(steps: readonly (() => readonly Event[])[]): void {
    this.transaction += 1;
    this.clock += 60_000;
    for (const step of steps) step();
  }

  private decide<C extends Command, E extends Event, S>(decider: Decider<C, E, S>, streamId: string, command: Bare<C>): readonly E[] {
    const history = this.events.filter((e) => e.streamId === streamId);
    const state = history.reduce((s, e) => decider.evolve(s, { type: e.type, data: e.data } as E), decider.initialState());
    const metadata = { actor: 'test', correlationId: `tx-${this.transaction}`, time: this.time };
    const produced = decider.decide({ ...command, metadata } as unknown as C, state);
    produced.forEach((event, i) => {
      const position = this.events.length + 1;
      this.events.push({
        id: `${streamId}-${history.length + i + 1}`,
        streamId,
        streamType: streamId.split('-')[0]!,
        streamVersion: history.length + i + 1,
        globalPosition: position,
        transactionId: String(this.transaction),
        type: event.type,
        schemaVersion: 1,
        data: event.data,
        metadata,
        recordedAt: new Date(this.clock + 5),
        checkpoint: `${this.transaction}:${position}`,
      });
    });
    return produced;
  }
}
