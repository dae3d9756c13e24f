import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { credentials, makeGenericClientConstructor, type Client, type ServiceError, status } from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import { NodeServiceClient, RegisterNodeRequest, EventServiceClient, type WatchEventsResponse } from '@keel/grpc-contract';
import { createTestDatabase, type TestDatabase } from '@keel/testing';
import { REPO_ROOT } from '../config';

type HealthClient = Client & { check(request: { service: string }, callback: (error: ServiceError | null, response: { status: string }) => void): void };

/** `keel start` as a process: it serves gRPC on KEEL_GRPC_PORT beside REST, and stops both on SIGTERM. */
describe('keel start serves gRPC', () => {
  let db: TestDatabase;
  let child: ChildProcess;
  let address: string;
  let output = '';

  beforeAll(async () => {
    db = await createTestDatabase({ poolSize: 2 });
    child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'keel.js'), 'start'], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: db.url, PORT: '0', KEEL_GRPC_PORT: '0', KEEL_LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    address = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /gRPC (\S+:\d+)/.exec(output);
        if (match) resolve(match[1]!);
      });
      child.on('exit', (code) => reject(new Error(`keel start exited with ${code}:\n${output}`)));
    });
  });
  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await db.drop();
  });

  it('reports SERVING, takes a write and answers a read of it', async () => {
    const Health = makeGenericClientConstructor(healthService, 'grpc.health.v1.Health');
    const health = new Health(address, credentials.createInsecure()) as unknown as HealthClient;
    const serving = await new Promise<{ status: string }>((resolve, reject) => health.check({ service: 'keel.v1.NodeService' }, (e, r) => (e ? reject(e) : resolve(r))));
    expect(serving.status).toBe('SERVING');
    health.close();
    const nodes = new NodeServiceClient(address, credentials.createInsecure());
    const request = RegisterNodeRequest.fromJSON({ name: 'gpu-node-01', zone: 'zone-a', cpuMilli: 64000, memoryMiB: 512000, devices: [{ model: 'A100-80GB', memoryMiB: 81920 }] });
    const written = await new Promise<string>((resolve, reject) => nodes.registerNode(request, (e, r) => (e ? reject(e) : resolve(r.result!.checkpoint))));
    const node = await new Promise<number>((resolve, reject) => nodes.getNode({ name: 'gpu-node-01', minCheckpoint: written }, (e, r) => (e ? reject(e) : resolve(r.node!.gpus.length))));
    expect(node).toBe(1);
    nodes.close();
  });

  it('on SIGTERM ends open WatchEvents streams with UNAVAILABLE, releases its leases and exits 0', async () => {
    const events = new EventServiceClient(address, credentials.createInsecure());
    const watch = events.watchEvents({ afterCheckpoint: '0:0' });
    const ended = new Promise<ServiceError>((resolve) => watch.on('error', resolve));
    await new Promise<WatchEventsResponse>((resolve) => watch.once('data', resolve));
    const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(`${code} ${signal}`)));
    child.kill('SIGTERM');
    expect((await ended).code).toBe(status.UNAVAILABLE);
    expect(await exited).toBe('0 null');
    events.close();
    // The scheduler and the projector thread stopped and handed their leases back (a standby need not wait for expiry).
    const { rows } = await db.pool.query<{ name: string; owner: string | null }>("SELECT name, owner FROM es.subscriptions WHERE name IN ('scheduler', 'read-models') ORDER BY name");
    expect(rows).toEqual([
      { name: 'read-models', owner: null },
      { name: 'scheduler', owner: null },
    ]);
  });
});
