import { type ChildProcess, spawn } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';
import { type RunningApi, startApi } from '@keel/api';
import { compareCheckpoints } from '@keel/event-store';
import { deleteTestTopics, eventually, testKafkaSettings } from '@keel/messaging';
import { rebuildReadModels, snapshotReadModels } from '@keel/read-models';
import { createTestDatabase, type TestDatabase } from '@keel/testing';
import { REPO_ROOT } from '../config';

jest.setTimeout(240_000);

const settings = testKafkaSettings({ node: 3, deployment: 3, model: 1 });
const kafkaEnv = {
  KAFKA_BROKERS: settings.brokers.join(','),
  KEEL_KAFKA_TOPIC_PREFIX: settings.topicPrefix,
  KEEL_KAFKA_PARTITIONS: 'node=3,deployment=3,model=1',
};
const node = (name: string) => ({
  name,
  zone: 'zone-a',
  cpuMilli: 64000,
  memoryMiB: 512000,
  devices: [{ model: 'A100-80GB', memoryMiB: 81920 }],
});

/** A `keel projector` replica in its own process, on the Kafka transport. */
async function startReplica(databaseUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/keel.js', 'projector'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...kafkaEnv, DATABASE_URL: databaseUrl, KEEL_TRANSPORT: 'kafka', PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('keel projector is running')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`keel projector exited with ${code}: ${output}`)));
  });
  return child;
}

/**
 * Split mode on Kafka: the API (command side + outbox relay, on the API's worker thread) in this process,
 * two `keel projector` replicas in their own processes sharing the partitions as a consumer group.
 */
describe('keel projector on Kafka (real broker, separate processes)', () => {
  let db: TestDatabase;
  let replay: TestDatabase;
  let api: RunningApi;
  const replicas: ChildProcess[] = [];

  beforeAll(async () => {
    Object.assign(process.env, kafkaEnv);
    [db, replay] = await Promise.all([createTestDatabase({ poolSize: 2 }), createTestDatabase({ poolSize: 2 })]);
    api = await startApi({ host: '127.0.0.1', port: 0, databaseUrl: db.url, dataDir: '', poolSize: 10, readWaitMs: 60_000, runProjector: false, projectorThread: true, transport: 'kafka', groupCommit: true, logLevel: 'silent' });
    replicas.push(...(await Promise.all([startReplica(db.url), startReplica(db.url)])));
  });
  afterAll(async () => {
    const running = replicas.filter((r) => r.exitCode === null && r.signalCode === null);
    const exits = running.map((r) => new Promise((resolve) => r.once('exit', resolve)));
    for (const replica of running) replica.kill('SIGTERM');
    await Promise.all(exits);
    await api?.close();
    await Promise.all([db?.drop(), replay?.drop()]);
    await deleteTestTopics(settings);
  });

  async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${api.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function register(names: readonly string[]): Promise<string> {
    let latest = '0:0';
    for (const name of names) {
      const { status, body } = await call('POST', '/v1/nodes', node(name));
      expect(status).toBe(201);
      if (compareCheckpoints(body['checkpoint'] as string, latest) > 0) latest = body['checkpoint'] as string;
    }
    return latest;
  }

  it('answers minCheckpoint reads once the replicas applied the write (read-your-writes through the broker)', async () => {
    const checkpoint = await register(['gpu-a', 'gpu-b']);
    const read = await call('GET', `/v1/nodes/gpu-b?minCheckpoint=${checkpoint}`);
    expect(read.status).toBe(200);
    expect(read.body['name']).toBe('gpu-b');
  });

  it('a replica killed with SIGKILL hands its partitions to the other, which catches up; the read models equal a replay', async () => {
    const before = await register(Array.from({ length: 10 }, (_, i) => `gpu-k${i}`));
    expect((await call('GET', `/v1/nodes?limit=100&minCheckpoint=${before}`)).status).toBe(200);

    const victim = replicas[0]!;
    const exited = new Promise((resolve) => victim.once('exit', resolve));
    victim.kill('SIGKILL');
    await exited;

    const names = Array.from({ length: 20 }, (_, i) => `gpu-after-${i}`);
    const after = await register(names);
    // Every partition must be consumed again for this to answer: the dead member's too.
    const listed = await call('GET', `/v1/nodes?limit=100&minCheckpoint=${after}`);
    expect(listed.status).toBe(200);
    const items = (listed.body['items'] as { name: string }[]).map((n) => n.name);
    expect(items).toEqual(expect.arrayContaining(names));
    expect(items).toHaveLength(2 + 10 + 20);

    await rebuildReadModels(replay.pool, { source: db.pool, batchSize: 100 });
    const expected = await snapshotReadModels(replay.pool);
    await eventually(async () => isDeepStrictEqual(await snapshotReadModels(db.pool), expected), 30_000, 'read models equal a replay of the log');
  });
});
