import { createServer, type Server } from 'node:http';
import { type Pool } from 'pg';
import { createPool, PostgresEventStore } from '@keel/event-store';
import { type WorkerConfig } from './worker-config';

/** Something a worker role runs in the background until stopped. */
export interface WorkerProcess {
  stop(): Promise<void>;
}

/**
 * Runs one worker role on `config.databaseUrl`: the role's loop plus `/healthz` (liveness) and `/readyz`
 * (the database answers) on `config.host:config.port`, until SIGINT/SIGTERM.
 */
export async function runWorker(role: string, config: WorkerConfig, start: (store: PostgresEventStore) => Promise<WorkerProcess>): Promise<void> {
  const pool = createPool({ connectionString: config.databaseUrl, max: config.poolSize, application_name: `keel-${role}` });
  const store = new PostgresEventStore(pool, { notify: true });
  const worker = await start(store);
  const server = await listen(healthServer(pool), config.host, config.port);
  const address = server.address() as { port: number };
  console.log(`keel ${role} is running (health http://${config.host}:${address.port}/healthz) · stop with Ctrl-C`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  console.log('stopping…');
  await worker.stop();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await pool.end();
}

/** `/healthz` answers while the process runs; `/readyz` answers 200 only while the database does. */
export function healthServer(pool: Pick<Pool, 'query'>): Server {
  return createServer((req, res) => {
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.method !== 'GET') return reply(405, { status: 'method not allowed' });
    if (req.url === '/healthz') return reply(200, { status: 'ok' });
    if (req.url === '/readyz') {
      void pool
        .query('SELECT 1')
        .then(() => 'ok')
        .catch((error: Error) => `unavailable: ${error.message}`)
        .then((database) => reply(database === 'ok' ? 200 : 503, { status: database === 'ok' ? 'ok' : 'unavailable', checks: { database } }));
      return;
    }
    reply(404, { status: 'not found' });
  });
}

function listen(server: Server, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
