import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * The API service (with its projector, without the scheduler: this measures the command and read path)
 * running in its own process, so the load generator does not share its event loop.
 */
export interface ApiProcess {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts `keel start` on `databaseUrl` and a free port; resolves once it prints its URL.
 * `KEEL_BENCH_API_NODE_ARGS` passes node flags to that process (e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`).
 */
export function startApiProcess(repoRoot: string, databaseUrl: string, poolSize: number, extraEnv: Record<string, string> = {}): Promise<ApiProcess> {
  const child = spawn(process.execPath, [...(process.env['KEEL_BENCH_API_NODE_ARGS'] ?? '').split(' ').filter(Boolean), join(repoRoot, 'bin', 'keel.js'), 'start'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', KEEL_GRPC_PORT: '0', KEEL_DB_POOL_SIZE: String(poolSize), KEEL_LOG_LEVEL: 'error', KEEL_RUN_SCHEDULER: 'false', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`the API did not start within 60 s:\n${output}`)), 60_000);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/[^/\s]+)\/v1/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({ url: match[1] as string, stop: () => stop(child) });
    });
    child.on('exit', (code) => fail(new Error(`the API exited with code ${code}:\n${output}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}
