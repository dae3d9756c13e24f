import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../config';

const model = { name: 'mistral-7b', displayName: 'Mistral-7B', parametersBillions: 7.2, dtype: 'fp16', layers: 32, attentionHeads: 32, kvHeads: 8, headDim: 128, maxContext: 8192 };
const deployment = (name: string) => ({
  name,
  model: 'mistral-7b',
  runtime: 'vllm',
  replicas: 1,
  template: { gpusPerReplica: 1, tensorParallel: 1, pipelineParallel: 1, acceptableGpuModels: ['A100-80GB'], cpuMilli: 4000, memoryMiB: 32768, maxContext: 4096, maxConcurrentSequences: 8 },
});

/**
 * `keel start` without DATABASE_URL (what `npm start` runs): embedded PGlite, one database session behind
 * a pool of one connection. A process, because PGlite's dynamic imports do not load inside jest's VM.
 */
describe('keel start on embedded PGlite', () => {
  let dir: string;
  let child: ChildProcess;
  let url: string;
  let output = '';
  let errors = '';
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await fetch(`${url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'keel-embedded-'));
    const env: NodeJS.ProcessEnv = { ...process.env, KEEL_DATA_DIR: join(dir, 'data'), PORT: '0', KEEL_GRPC_PORT: '0', KEEL_LOG_LEVEL: 'error' };
    delete env['DATABASE_URL'];
    child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'keel.js'), 'start'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      errors += chunk.toString();
    });
    url = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /running at (http:\/\/[^/\s]+)\/v1/.exec(output);
        if (match) resolve(match[1]!);
      });
      child.on('exit', (code) => reject(new Error(`keel start exited with ${code}:\n${output}`)));
    });
    expect((await call('POST', '/v1/models', model)).status).toBe(201);
    expect((await call('POST', '/v1/deployments', deployment('hot'))).status).toBe(201);
    expect((await call('POST', '/v1/deployments', deployment('cold'))).status).toBe(201);
  }, 90_000);
  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers concurrent conflicting writes with 200 or 409, and keeps working after them', async () => {
    // Conflicts fail queries, and pg-pool replaces a connection whose query failed: the new connection
    // must not trip over the prepared statements the single PGlite session still holds.
    const statuses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => call('POST', `/v1/deployments/${i % 3 === 0 ? 'cold' : 'hot'}/scale`, { replicas: 1 + (i % 4) }).then((r) => r.status)),
    );
    expect({ unexpected: statuses.filter((status) => status !== 200 && status !== 409), errors }).toEqual({ unexpected: [], errors: '' });
    const after = await call('POST', '/v1/deployments/hot/scale', { replicas: 7 });
    expect(after.status).toBe(200);
    const read = await call('GET', `/v1/deployments/hot?minCheckpoint=${String(after.body['checkpoint'])}`);
    expect(read.status).toBe(200);
    expect(read.body['desiredReplicas']).toBe(7);
  }, 60_000);
});
