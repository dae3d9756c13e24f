import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** An embedded Postgres (PGlite, WebAssembly) reachable over TCP on loopback. */
export interface EmbeddedPostgres {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts PGlite with its data under `dataDir` and a pglite-socket server on a free loopback port, so the
 * ordinary pg driver connects. PGlite is one database session: callers must use a pool of one, poll
 * instead of LISTEN, never rely on locks for correctness, and expect a new connection to inherit the
 * session state (prepared statements) of the last one.
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  // Two connections, though the service's pool holds one: pg-pool replaces a connection whose query failed
  // and connects the new one while the old one is still closing; with one allowed, the server refused
  // the new connection and the requests waiting for it failed with "Connection terminated unexpectedly".
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 2 });
  await server.start();
  const address = (server as unknown as { server?: { address(): { port: number } | string | null } }).server?.address();
  if (!address || typeof address === 'string') throw new Error('embedded Postgres did not report a TCP port');
  return {
    url: `postgres://postgres@127.0.0.1:${address.port}/postgres`,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}
