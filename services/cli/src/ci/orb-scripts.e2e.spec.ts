import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PostgresEventStore } from '@keel/event-store';
import { seedClusterLog } from '@keel/read-models';
import { createTestDatabase, type TestDatabase } from '@keel/testing';
import { REPO_ROOT } from '../config';

const run = promisify(execFile);
const SCRIPTS = join(REPO_ROOT, '.circleci', 'orb', 'src', 'scripts');

/**
 * Runs an orb script as CircleCI would after packing: bash, PARAM_* from the command's parameters, the CLI
 * from KEEL_CLI (here the repository's bin/keel.js, as the keel/image executor runs it), and the database URL
 * in a variable of another name, reached through database-url-env.
 */
async function script(name: string, db: TestDatabase, params: Record<string, string> = {}): Promise<{ code: number; output: string }> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(PARAM_|KEEL_CLI$|DATABASE_URL$)/.test(key)));
  const env = { ...inherited, KEEL_CLI: `${process.execPath} ${join(REPO_ROOT, 'bin', 'keel.js')}`, ORB_TEST_DATABASE_URL: db.url, PARAM_DATABASE_URL_ENV: 'ORB_TEST_DATABASE_URL', ...params };
  return run('bash', [join(SCRIPTS, `${name}.sh`)], { env, cwd: REPO_ROOT }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
  );
}

describe('the orb scripts against the real Keel CLI and a real Postgres', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false, poolSize: 2 });
  });
  afterAll(async () => db.drop());

  it('migrate: dry run lists, then applies, the migrations; a rerun applies nothing', async () => {
    const dryRun = await script('migrate', db, { PARAM_DRY_RUN: 'true' });
    expect(dryRun.code).toBe(0);
    expect(dryRun.output).toMatch(/keel migrate --dry-run \(database URL from \$ORB_TEST_DATABASE_URL\)\n[\s\S]*\d+ migration\(s\) pending; 0 already applied/);
    const applied = await script('migrate', db);
    expect(applied.output).toMatch(/[1-9]\d* migration\(s\) applied; 0 already applied/);
    expect(applied.output).not.toContain(db.url);
    expect((await script('migrate', db)).output).toMatch(/0 migration\(s\) applied; [1-9]\d* already applied/);
  });

  it('rebuild-projections and verify-projections: rebuild all, exit 1 on drift, repair by name, exit 2 on an unknown name', async () => {
    await seedClusterLog(new PostgresEventStore(db.pool, { notify: false }), { events: 300, nodes: 3 });
    expect(await script('rebuild-projections', db, { PARAM_PROJECTIONS: 'all' })).toMatchObject({ code: 0 });

    await db.pool.query('UPDATE read.nodes SET allocated_cpu_milli = allocated_cpu_milli + 4242 WHERE name = (SELECT min(name) FROM read.nodes)');
    const drift = await script('verify-projections', db);
    expect(drift.code).toBe(1);
    expect(drift.output).toContain('4242');
    expect(drift.output).toContain('keel/verify-projections: the projections drifted from the event log');

    const names = await script('rebuild-projections', db, { PARAM_PROJECTIONS: 'read-models' });
    expect(names.output).toContain('keel projections rebuild read-models');
    expect(names.code).toBe(0);
    expect(await script('verify-projections', db)).toMatchObject({ code: 0 });
    expect(await script('verify-projections', db, { PARAM_PROJECTIONS: 'no-such-projection' })).toMatchObject({ code: 2 });
  });
});
