import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, MIGRATIONS_DIR, type TestDatabase } from '@keel/testing';
import { migrate, MigrationChecksumError } from './migrate';
import { readMigrationFiles } from './migration-files';
import { describeSchema } from './schema-snapshot';

const SNAPSHOT = join(MIGRATIONS_DIR, 'schema.snapshot.txt');
let db: TestDatabase;

async function withClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

beforeEach(async () => {
  db = await createTestDatabase({ migrated: false });
});
afterEach(() => db.drop());

describe('migrate', () => {
  it('applies every migration to an empty database, producing the committed schema snapshot', async () => {
    const report = await withClient((client) => migrate(client, readMigrationFiles(MIGRATIONS_DIR)));
    expect(report.applied).toEqual(readMigrationFiles(MIGRATIONS_DIR).map((f) => f.name));
    const schema = await withClient(describeSchema);
    // After adding a migration, refresh the snapshot with: UPDATE_SCHEMA_SNAPSHOT=1 npx jest libs/migrator
    if (process.env.UPDATE_SCHEMA_SNAPSHOT === '1') writeFileSync(SNAPSHOT, schema);
    expect(existsSync(SNAPSHOT)).toBe(true);
    expect(schema).toBe(readFileSync(SNAPSHOT, 'utf8'));
  });

  it('is a no-op when run again', async () => {
    const files = readMigrationFiles(MIGRATIONS_DIR);
    await withClient((client) => migrate(client, files));
    const again = await withClient((client) => migrate(client, files));
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toHaveLength(files.length);
  });

  it('lets concurrent runners apply each migration exactly once', async () => {
    const files = readMigrationFiles(MIGRATIONS_DIR);
    const reports = await Promise.all([1, 2, 3].map(() => withClient((client) => migrate(client, files))));
    expect(reports.flatMap((r) => r.applied).sort()).toEqual(files.map((f) => f.name).sort());
  });

  it('refuses an already-applied migration whose file was edited, naming the file, and applies nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-migrations-'));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const first = readMigrationFiles(dir)[0]!;
    await withClient((client) => migrate(client, readMigrationFiles(dir).slice(0, 1)));
    writeFileSync(join(dir, first.name), `${first.sql}\n-- edited\n`);
    const error = await withClient((client) => migrate(client, readMigrationFiles(dir))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationChecksumError);
    expect((error as Error).message).toContain(`migration ${first.name} was edited after it was applied`);
    const applied = await withClient((client) => client.query('SELECT name FROM public.keel_migrations'));
    expect(applied.rows).toEqual([{ name: first.name }]);
  });

  it('reports pending migrations on a dry run and changes nothing', async () => {
    const report = await withClient((client) => migrate(client, readMigrationFiles(MIGRATIONS_DIR), { dryRun: true }));
    expect(report.pending).toHaveLength(readMigrationFiles(MIGRATIONS_DIR).length);
    const tables = await withClient((client) => client.query("SELECT to_regclass('public.keel_migrations') AS t, to_regclass('es.events') AS e"));
    expect(tables.rows[0]).toEqual({ t: null, e: null });
  });

  it('rolls back a failing migration entirely and records nothing for it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-migrations-'));
    writeFileSync(join(dir, '0001_create_thing.sql'), 'CREATE TABLE thing (id int); SELECT 1/0;');
    const error = await withClient((client) => migrate(client, readMigrationFiles(dir))).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/migration 0001_create_thing.sql failed: division by zero/);
    const state = await withClient((client) => client.query("SELECT to_regclass('public.thing') AS t, (SELECT count(*) FROM public.keel_migrations)::int AS n"));
    expect(state.rows[0]).toEqual({ t: null, n: 0 });
  });
});

describe('readMigrationFiles', () => {
  it('refuses a file name that does not follow NNNN_<verb>_<noun>.sql', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-migrations-'));
    writeFileSync(join(dir, '1_bad.sql'), 'SELECT 1');
    expect(() => readMigrationFiles(dir)).toThrow('migration file 1_bad.sql does not match NNNN_<verb>_<noun>.sql');
  });
});
