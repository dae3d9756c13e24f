import { type PostgresEventStore } from '@keel/event-store';
import { type Command } from '@keel/kernel';
import { decider, type NodeCommand, type NodeState } from '@keel/node-domain';

/**
 * Keeps writing to the log while a test rebuilds: registers one node, then cordons and uncordons it in a
 * loop (one append at a time, expected versions) until stopped. Answers the events it appended.
 */
export class NodeWriter {
  private state: NodeState = decider.initialState();
  private version = 0;
  private running: Promise<number> | undefined;
  private stopping = false;

  constructor(
    private readonly store: PostgresEventStore,
    readonly node = 'writer-node',
  ) {}

  /** Starts appending in the background, one append every `pauseMs`. */
  async start(pauseMs = 2): Promise<void> {
    const devices = [{ model: 'A100-80GB', memoryMiB: 81_920 }];
    await this.run({ type: 'RegisterNode', data: { name: this.node, zone: 'zone-w', cpuMilli: 8000, memoryMiB: 65_536, devices } });
    this.running = (async () => {
      let appended = 1;
      while (!this.stopping) {
        await this.run({ type: this.state.status === 'Active' && this.state.unschedulable ? 'UncordonNode' : 'CordonNode', data: { name: this.node } });
        appended += 1;
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
      return appended;
    })();
  }

  /** Stops after the append in flight; answers how many events were appended in all. */
  async stop(): Promise<number> {
    this.stopping = true;
    return (await this.running) ?? 0;
  }

  private async run(command: Omit<NodeCommand, 'metadata'>): Promise<void> {
    const metadata = { correlationId: 'node-writer', actor: 'test', time: new Date().toISOString() };
    const events = decider.decide({ ...command, metadata } as Command & NodeCommand, this.state);
    await this.store.appendToStream(`node-${this.node}`, events.map((e) => ({ type: e.type, data: e.data })), { expectedVersion: this.version });
    this.state = events.reduce(decider.evolve, this.state);
    this.version += events.length;
  }
}
