import { createTestDatabase, type TestDatabase } from '@keel/testing';
import { type RunningApi, startApi } from '../server';

/** An HTTP response, parsed. */
export interface ApiResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/** The API on a fresh real Postgres database, listening on a free loopback port. */
export interface ApiHarness {
  readonly api: RunningApi;
  readonly db: TestDatabase;
  call<T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>>;
  /** Number of events in the store, read through `/v1/events`. */
  eventCount(): Promise<number>;
  close(): Promise<void>;
}

export async function startApiHarness(): Promise<ApiHarness> {
  const db = await createTestDatabase({ poolSize: 2 });
  const api = await startApi({ host: '127.0.0.1', port: 0, grpcPort: 0, databaseUrl: db.url, dataDir: '', poolSize: 20, readWaitMs: 5000, runProjector: true, projectorThread: true, transport: 'postgres', groupCommit: true, logLevel: 'silent' });
  const call = async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as T };
  };
  const eventCount = async (): Promise<number> => {
    let count = 0;
    let cursor = '0';
    for (;;) {
      const page = await call<{ items: unknown[]; nextCursor: string | null }>('GET', `/v1/events?limit=1000&afterPosition=${cursor}`);
      count += page.body.items.length;
      if (!page.body.nextCursor) return count;
      cursor = page.body.nextCursor;
    }
  };
  return {
    api,
    db,
    call,
    eventCount,
    close: async () => {
      await api.close();
      await db.drop();
    },
  };
}

/** Example requests from the product brief's cluster. */
export const examples = {
  node: (name: string, model = 'A100-80GB', memoryMiB = 81920) => ({
    name,
    zone: 'zone-a',
    labels: { 'nvidia.com/gpu.product': model },
    taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }],
    cpuMilli: 64000,
    memoryMiB: 512000,
    devices: Array.from({ length: 4 }, () => ({ model, memoryMiB })),
  }),
  llama70b: { name: 'llama-2-70b', displayName: 'Llama-2-70B', parametersBillions: 70, dtype: 'fp16', layers: 80, attentionHeads: 64, kvHeads: 8, headDim: 128, maxContext: 4096 },
  mistral7b: { name: 'mistral-7b', displayName: 'Mistral-7B', parametersBillions: 7.2, dtype: 'fp16', layers: 32, attentionHeads: 32, kvHeads: 8, headDim: 128, maxContext: 8192 },
  deployment: (name: string, model = 'mistral-7b', replicas = 2) => ({
    name,
    model,
    runtime: 'vllm',
    replicas,
    priority: 1000,
    template: { gpusPerReplica: 1, tensorParallel: 1, pipelineParallel: 1, acceptableGpuModels: ['A100-80GB'], cpuMilli: 8000, memoryMiB: 65536, maxContext: 4096, maxConcurrentSequences: 8 },
  }),
};
