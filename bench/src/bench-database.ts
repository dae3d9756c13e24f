import { randomBytes } from 'node:crypto';
import { Client, type Pool } from 'pg';
import { createPool } from '@keel/event-store';
import { migrate, readMigrationFiles } from '@keel/migrator';

/** A throw-away, fully migrated database on the server `DATABASE_URL` points at. */
export interface BenchDatabase {
  readonly url: string;
  pool(max: number): Pool;
  drop(): Promise<void>;
}

/** Creates `keel_bench_<random>` next to the database in `serverUrl`, migrated with `migrationsDir`. */
export async function createBenchDatabase(serverUrl: string, migrationsDir: string): Promise<BenchDatabase> {
  const name = `keel_bench_${randomBytes(4).toString('hex')}`;
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await withClient(url.toString(), (client) => migrate(client, readMigrationFiles(migrationsDir)));
  const pools: Pool[] = [];
  return {
    url: url.toString(),
    pool: (max) => {
      const pool = createPool({ connectionString: url.toString(), max });
      pools.push(pool);
      return pool;
    },
    drop: async () => {
      await Promise.all(pools.map((pool) => pool.end().catch(() => undefined)));
      await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
