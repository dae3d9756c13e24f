import { type ClientReadableStream, type ServiceError, status } from '@grpc/grpc-js';
import { type Event, RegisterNodeRequest, type WatchEventsRequest, type WatchEventsResponse } from '@keel/grpc-contract';
import { startApi } from '../server';
import { type ApiHarness, examples, startApiHarness } from '../testing/api-harness';
import { type KeelClients, keelClients } from '../testing/grpc-client';
import { GrpcServer } from './grpc-server';

let h: ApiHarness;
let c: KeelClients;
let server: GrpcServer;

beforeAll(async () => {
  h = await startApiHarness();
  c = keelClients(h.api.grpcAddress!);
  server = h.api.app.get(GrpcServer);
});
afterAll(async () => {
  c.close();
  await h.close();
});

/** A WatchEvents call and the events it received so far. */
class Watch {
  readonly events: Event[] = [];
  error: ServiceError | undefined;
  private notify: () => void = () => undefined;

  constructor(readonly call: ClientReadableStream<WatchEventsResponse>) {
    call.on('data', (response: WatchEventsResponse) => {
      this.events.push(response.event!);
      this.notify();
    });
    call.on('error', (error: ServiceError) => {
      this.error = error;
      this.notify();
    });
  }

  /** Resolves with the first `count` events; rejects when the stream fails first. */
  async first(count: number): Promise<Event[]> {
    while (this.events.length < count) {
      if (this.error) throw this.error;
      await new Promise<void>((resolve) => (this.notify = resolve));
    }
    return this.events.slice(0, count);
  }

  /** Resolves with the status the stream ended with. */
  async ended(): Promise<ServiceError> {
    while (!this.error) await new Promise<void>((resolve) => (this.notify = resolve));
    return this.error;
  }
}

const watch = (request: WatchEventsRequest, client = c): Watch => new Watch(client.raw.events.watchEvents(request));

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

const register = async (name: string): Promise<string> => (await c.nodes.registerNode(RegisterNodeRequest.fromJSON(examples.node(name)))).result!.checkpoint;

describe('WatchEvents', () => {
  it('sends the events after a checkpoint, then live events as they commit, filtered by stream', async () => {
    const registered = await register('gpu-node-01');
    await c.nodes.cordonNode({ name: 'gpu-node-01', idempotencyKey: '' });
    const w = watch({ afterCheckpoint: registered, stream: 'node-gpu-node-01' });
    expect((await w.first(1)).map((e) => e.type)).toEqual(['NodeCordoned']);
    await register('gpu-node-02');
    await c.nodes.uncordonNode({ name: 'gpu-node-01', idempotencyKey: '' });
    const [cordoned, uncordoned] = await w.first(2);
    expect(uncordoned).toMatchObject({ type: 'NodeUncordoned', streamId: 'node-gpu-node-01', streamType: 'node', streamVersion: 3, data: { name: 'gpu-node-01' } });
    expect(uncordoned!.position).toBeGreaterThan(cordoned!.position);
    expect(uncordoned!.checkpoint).toMatch(/^\d+:\d+$/);
    w.call.cancel();
  });

  it('without a checkpoint sends only what commits from now on, filtered by type', async () => {
    const w = watch({ type: 'NodeRegistered' });
    await c.nodes.cordonNode({ name: 'gpu-node-02', idempotencyKey: '' });
    // When the server fixes "now" is its business: register nodes until one arrives; it is one of these.
    const registeredSince: string[] = [];
    while (w.events.length === 0) {
      const name = `gpu-node-1${registeredSince.length}`;
      await register(name);
      registeredSince.push(`node-${name}`);
      await Promise.race([w.first(1), new Promise((resolve) => setTimeout(resolve, 100))]);
    }
    expect(w.events.every((e) => e.type === 'NodeRegistered' && registeredSince.includes(e.streamId))).toBe(true);
    w.call.cancel();
  });

  it('replays the whole log from 0:0 in log order', async () => {
    const w = watch({ afterCheckpoint: '0:0' });
    const events = await w.first(await h.eventCount());
    expect(events.map((e) => e.position)).toEqual([...events.map((e) => e.position)].sort((a, b) => a - b));
    expect(events[0]?.type).toBe('NodeRegistered');
    w.call.cancel();
  });

  it('stops following when the client cancels', async () => {
    await until(() => server.watch.watching === 0);
    const w = watch({ afterCheckpoint: '0:0' });
    await w.first(1);
    expect(server.watch.watching).toBe(1);
    w.call.cancel();
    expect((await w.ended()).code).toBe(status.CANCELLED);
    await until(() => server.watch.watching === 0);
  });

  it('refuses a malformed checkpoint with INVALID_ARGUMENT', async () => {
    const error = await watch({ afterCheckpoint: 'yesterday' }).ended();
    expect(error.code).toBe(status.INVALID_ARGUMENT);
  });

  it('applies backpressure: a client that does not read stops the server writing, and then gets every event in order', async () => {
    const count = 4000;
    const before = await h.api.infrastructure.store.headCheckpoint();
    const padding = 'x'.repeat(2000);
    for (let i = 0; i < count; i += 500) {
      await h.api.infrastructure.store.appendToStream('bulk-1', Array.from({ length: 500 }, (_, j) => ({ type: 'Filled', data: { n: i + j, padding } })));
    }
    const written = server.watch.eventsWritten;
    const w = watch({ afterCheckpoint: before, stream: 'bulk-1' });
    w.call.pause();
    await until(() => server.watch.waitingForDrain === 1);
    expect(server.watch.eventsWritten - written).toBeLessThan(count);
    w.call.resume();
    const events = await w.first(count);
    expect(events.map((e) => (e.data as { n: number }).n)).toEqual(Array.from({ length: count }, (_, i) => i));
    w.call.cancel();
  });

  it('ends every watch with UNAVAILABLE when the API shuts down', async () => {
    const second = await startApi({ host: '127.0.0.1', port: 0, grpcPort: 0, databaseUrl: h.db.url, dataDir: '', poolSize: 4, readWaitMs: 1000, runProjector: false, projectorThread: false, transport: 'postgres', groupCommit: true, logLevel: 'silent' }, h.api.infrastructure);
    const clients = keelClients(second.grpcAddress!);
    const w = watch({ afterCheckpoint: '0:0' }, clients);
    await w.first(1);
    await second.close();
    expect((await w.ended()).code).toBe(status.UNAVAILABLE);
    clients.close();
  });
});
