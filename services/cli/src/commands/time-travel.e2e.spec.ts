import { type RunningApi, startApi } from '@keel/api';
import { waitForCheckpoint } from '@keel/history';
import { createTestDatabase, type TestDatabase } from '@keel/testing';
import { UsageError } from '../config';
import { runEventsShow, runEventsTail } from './events.command';
import { runDiff, runState } from './time-travel.command';

const node = { name: 'node-a', zone: 'zone-a', cpuMilli: 64000, memoryMiB: 512000, devices: Array.from({ length: 4 }, () => ({ model: 'A100-80GB', memoryMiB: 81920 })) };
const mistral = { name: 'mistral-7b', displayName: 'Mistral-7B', parametersBillions: 7.2, dtype: 'fp16', layers: 32, attentionHeads: 32, kvHeads: 8, headDim: 128, maxContext: 8192 };
const chat = {
  name: 'chat', model: 'mistral-7b', runtime: 'vllm', replicas: 2,
  template: { gpusPerReplica: 1, tensorParallel: 1, pipelineParallel: 1, acceptableGpuModels: ['A100-80GB'], cpuMilli: 8000, memoryMiB: 65536, maxContext: 4096, maxConcurrentSequences: 8 },
};

/** The API on a fresh database: enough to fill the log the way operators do. */
async function startHarness(): Promise<{ api: RunningApi; db: TestDatabase; call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>; close(): Promise<void> }> {
  const db = await createTestDatabase({ poolSize: 2 });
  const api = await startApi({ host: '127.0.0.1', port: 0, databaseUrl: db.url, dataDir: '', poolSize: 10, readWaitMs: 5000, runProjector: false, projectorThread: false, transport: 'postgres', groupCommit: true, logLevel: 'silent' });
  return {
    api,
    db,
    call: async <T>(method: string, path: string, body?: unknown) => {
      const response = await fetch(`${api.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as T };
    },
    close: async () => {
      await api.close();
      await db.drop();
    },
  };
}

describe('keel events / state / diff (exported functions on a database filled through the API)', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  let created: string;
  let scaledAt: string;
  let cordoned: string;
  const lines: string[] = [];
  const print = (line: string) => lines.push(line);

  beforeAll(async () => {
    h = await startHarness();
    await h.call('POST', '/v1/models', mistral);
    await h.call('POST', '/v1/nodes', node);
    created = (await h.call<{ checkpoint: string }>('POST', '/v1/deployments', chat)).body.checkpoint;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await h.call('POST', '/v1/deployments/chat/scale', { replicas: 4 });
    scaledAt = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    cordoned = (await h.call<{ checkpoint: string }>('POST', '/v1/nodes/node-a/cordon', {})).body.checkpoint;
    expect(await waitForCheckpoint(h.api.infrastructure.store, cordoned, 20_000)).toBe(true);
  });
  beforeEach(() => lines.splice(0));
  afterAll(() => h.close());

  it('keel state --as-of prints nodes, GPUs, deployments and pods as they were', async () => {
    const picture = await runState(h.api.infrastructure.store, { asOf: created }, print);
    expect(picture.deployments.map((d) => [d.name, d.replicas])).toEqual([['chat', 2]]);
    const text = lines.join('\n');
    expect(text).toContain(`checkpoint ${created}`);
    expect(text).toMatch(/NODE\s+ZONE\s+CORDONED\s+CONDITION\s+GPUS\s+PODS\nnode-a\s+zone-a\s+no\s+Ready\s+4\s+0/);
    expect(text).toMatch(/DEPLOYMENT\s+MODEL\s+REVISION\s+REPLICAS\s+PODS\s+BOUND\s+PENDING\nchat\s+mistral-7b\s+1\s+2\s+2\s+0\s+2/);
    expect(text).toMatch(/chat\s+chat-1\s+1\s+Pending\s+-\s+-/);
    lines.splice(0);
    const now = await runState(h.api.infrastructure.store, { asOf: scaledAt, json: true }, print);
    expect(JSON.parse(lines[0]!)).toEqual(JSON.parse(JSON.stringify(now)));
    expect(now.deployments[0]!.replicas).toBe(4);
    expect(now.nodes[0]!.cordoned).toBe(false);
  });

  it('keel diff --from --to prints one line per change', async () => {
    await runDiff(h.api.infrastructure.store, { from: created, to: cordoned }, print);
    expect(lines.slice(2)).toEqual(['  node node-a cordoned', '  deployment chat scaled 2 → 4 replicas', expect.stringMatching(/chat-2 created/), expect.stringMatching(/chat-3 created/)]);
    lines.splice(0);
    const diff = await runDiff(h.api.infrastructure.store, { from: cordoned, to: cordoned, json: true }, print);
    expect(diff.changes).toEqual([]);
    expect(JSON.parse(lines[0]!).changes).toEqual([]);
  });

  it('keel events tail filters by stream, type and checkpoint, in text and NDJSON', async () => {
    const store = h.api.infrastructure.store;
    expect(await runEventsTail(store, { stream: 'node-node-a' }, print)).toBe(2);
    expect(lines[0]).toMatch(/^\s+\d+  \d{4}-\d\d-\d\dT[\d:.]+Z  node-node-a\s+NodeRegistered\s+anonymous$/);
    lines.splice(0);
    await runEventsTail(store, { type: 'DeploymentScaled', json: true }, print);
    expect(lines.map((l) => JSON.parse(l) as { type: string; streamId: string; data: unknown })).toEqual([expect.objectContaining({ type: 'DeploymentScaled', streamId: 'deployment-chat', data: { name: 'chat', replicas: 4, previousReplicas: 2 } })]);
    lines.splice(0);
    await runEventsTail(store, { from: created }, print);
    expect(lines.map((l) => l.split(/\s+/)[4])).toEqual(['DeploymentScaled', 'PodCreated', 'PodCreated', 'NodeCordoned']);
  });

  it('keel events tail --follow prints new events until stopped', async () => {
    const controller = new AbortController();
    const store = h.api.infrastructure.store;
    const following = runEventsTail(store, { from: cordoned, follow: true, pollMs: 20, signal: controller.signal }, (line) => {
      print(line);
      controller.abort();
    });
    const uncordoned = await h.call<{ checkpoint: string }>('POST', '/v1/nodes/node-a/uncordon', {});
    await waitForCheckpoint(store, uncordoned.body.checkpoint, 20_000);
    expect(await following).toBe(1);
    expect(lines[0]).toContain('NodeUncordoned');
  });

  it('keel events show prints a stream with its data', async () => {
    expect(await runEventsShow(h.api.infrastructure.store, 'deployment-chat', {}, print)).toBe(6);
    expect(lines[0]).toMatch(/^v1 +\d+ .*DeploymentCreated/);
    expect(lines[0]).toContain('"name":"chat"');
    await expect(runEventsShow(h.api.infrastructure.store, 'node-nope', {}, print)).rejects.toThrow('stream node-nope has no events');
  });

  it('refuses bad arguments with a usage error naming the option', async () => {
    const store = h.api.infrastructure.store;
    const usage = async (work: Promise<unknown>, pattern: RegExp) => {
      const error = await work.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).message).toMatch(pattern);
    };
    await usage(runState(store, { asOf: 'last tuesday' }, print), /^--as-of: "last tuesday" must be/);
    await usage(runState(store, { asOf: 'x:1' }, print), /^--as-of:/);
    await usage(runDiff(store, { to: '1' }, print), /^--from: is required/);
    await usage(runDiff(store, { from: '1', to: '2025-02-30' }, print), /^--to: /);
    await usage(runEventsTail(store, { from: 'yesterday' }, print), /^--from: checkpoint "yesterday"/);
    await usage(runEventsTail(store, { stream: ' ' }, print), /^--stream:/);
  });
});
