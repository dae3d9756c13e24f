import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { migrate, readMigrationFiles } from '@keel/migrator';

/** Folder of the repository's migrations. */
export const MIGRATIONS_DIR = join(__dirname, '..', '..', '..', 'migrations');

/** A throw-away database with every migration applied. */
export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  /** A pool on the database (closed by `drop`). */
  readonly pool: Pool;
  /** A new pool on the same database, e.g. to prove something survives a "restart". */
  newPool(max?: number): Pool;
  drop(): Promise<void>;
}

function adminUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * Creates a fresh database from a template that has every migration applied (the template is built once
 * per set of migration files), so each test file gets an isolated real Postgres database in ~100 ms.
 */
export async function createTestDatabase(options: { poolSize?: number; migrated?: boolean } = {}): Promise<TestDatabase> {
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  const name = `keel_t_${randomBytes(6).toString('hex')}`;
  try {
    await admin.query('SELECT pg_advisory_lock(4244, 0)');
    try {
      const template = options.migrated === false ? 'template1' : await ensureTemplate(admin);
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    } finally {
      await admin.query('SELECT pg_advisory_unlock(4244, 0)');
    }
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl(), name);
  const pools: Pool[] = [];
  const newPool = (max = options.poolSize ?? 10): Pool => {
    const pool = new Pool({ connectionString: url, max });
    pool.on('error', () => undefined);
    pools.push(pool);
    return pool;
  };
  const pool = newPool();
  return {
    url,
    name,
    pool,
    newPool,
    drop: async () => {
      await Promise.all(pools.map((p) => p.end().catch(() => undefined)));
      const client = new Client({ connectionString: adminUrl() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

async function ensureTemplate(admin: Client): Promise<string> {
  const files = readMigrationFiles(MIGRATIONS_DIR);
  const digest = createHash('sha256').update(files.map((f) => f.checksum).join(',')).digest('hex').slice(0, 16);
  const template = `keel_template_${digest}`;
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
  if (exists.rowCount) return template;
  await admin.query(`CREATE DATABASE ${template}_build`).catch(async () => {
    await admin.query(`DROP DATABASE ${template}_build WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${template}_build`);
  });
  const client = new Client({ connectionString: withDatabase(adminUrl(), `${template}_build`) });
  await client.connect();
  try {
    await migrate(client, files);
  } finally {
    await client.end();
  }
  await admin.query(`ALTER DATABASE ${template}_build RENAME TO ${template}`);
  return template;
}
