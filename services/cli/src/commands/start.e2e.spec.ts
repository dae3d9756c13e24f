import { type RunningApi, startApi } from '@keel/api';
import { compareCheckpoints } from '@keel/event-store';
import { type RunningScheduler, startScheduler } from '@keel/scheduler';
import { createTestDatabase, type TestDatabase } from '@keel/testing';

const node = (name: string) => ({
  name,
  zone: 'zone-a',
  taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }],
  cpuMilli: 64000,
  memoryMiB: 512000,
  devices: Array.from({ length: 2 }, () => ({ model: 'A100-80GB', memoryMiB: 81920 })),
});
const mistral = { name: 'mistral-7b', displayName: 'Mistral-7B', parametersBillions: 7.2, dtype: 'fp16', layers: 32, attentionHeads: 32, kvHeads: 8, headDim: 128, maxContext: 8192 };
const deployment = (name: string, replicas: number, gpus: number) => ({
  name,
  model: 'mistral-7b',
  runtime: 'vllm',
  replicas,
  scheduling: { tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }] },
  template: { gpusPerReplica: gpus, tensorParallel: gpus, pipelineParallel: 1, acceptableGpuModels: ['A100-80GB'], cpuMilli: 8000, memoryMiB: 65536, maxContext: 4096, maxConcurrentSequences: 8 },
});

interface Pod {
  name: string;
  phase: string;
  node: string | null;
  pendingReason: string | null;
}

/** `keel start`'s composition (API + scheduler in one process) over HTTP on a real Postgres. */
describe('keel start: API and scheduler in one process', () => {
  let db: TestDatabase;
  let api: RunningApi;
  let scheduler: RunningScheduler;
  beforeAll(async () => {
    db = await createTestDatabase({ poolSize: 2 });
    api = await startApi({ host: '127.0.0.1', port: 0, databaseUrl: db.url, dataDir: '', poolSize: 20, readWaitMs: 15000, runProjector: true, projectorThread: true, transport: 'postgres', groupCommit: true, logLevel: 'silent' });
    scheduler = await startScheduler({ store: api.infrastructure.store, pollIntervalMs: 100 });
  });
  afterAll(async () => {
    await scheduler.stop();
    await api.close();
    await db.drop();
  });

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${api.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const parsed = (await response.json()) as T;
    if (response.status >= 400) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(parsed)}`);
    return parsed;
  }

  /** Writes, then reads the pods once the scheduler has handled the write and the read models show its decisions. */
  async function writeAndSettle(method: string, path: string, body: unknown): Promise<void> {
    const { checkpoint } = await call<{ checkpoint: string }>(method, path, body);
    await scheduler.waitFor(checkpoint, 15_000);
    const latest = compareCheckpoints(scheduler.lastWrite, checkpoint) > 0 ? scheduler.lastWrite : checkpoint;
    await call('GET', `/v1/pods?minCheckpoint=${latest}`);
  }

  it('binds replicas, explains a pending pod in GET /v1/pods/{name}, and binds it when a node registers', async () => {
    await call('POST', '/v1/models', mistral);
    await call('POST', '/v1/nodes', node('node-1'));
    await writeAndSettle('POST', '/v1/deployments', deployment('web', 3, 1));

    const pods = (await call<{ items: Pod[] }>('GET', `/v1/pods?deployment=web&minCheckpoint=${scheduler.lastWrite}`)).items;
    expect(pods.map((p) => p.phase).sort()).toEqual(['Bound', 'Bound', 'Pending']);
    const pending = pods.find((p) => p.phase === 'Pending')!;
    const shown = await call<Pod>('GET', `/v1/pods/${pending.name}?minCheckpoint=${scheduler.lastWrite}`);
    expect(shown.pendingReason).toBe('0/1 nodes are available: 1 Insufficient nvidia.com/gpu.');

    await writeAndSettle('POST', '/v1/nodes', node('node-2'));
    const after = await call<Pod>('GET', `/v1/pods/${pending.name}?minCheckpoint=${scheduler.lastWrite}`);
    expect(after).toMatchObject({ phase: 'Bound', node: 'node-2', pendingReason: null });
  });
});
