import { type ClientBase } from 'pg';
import { type MigrationFile } from './migration-files';

/** Outcome of a migration run. */
export interface MigrationReport {
  readonly applied: string[];
  readonly pending: string[];
  readonly alreadyApplied: string[];
}

/** An applied migration whose file changed, or disappeared, since it was applied. */
export class MigrationChecksumError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationChecksumError';
  }
}

const LOCK = 'SELECT pg_advisory_lock(4243, 0)';
const UNLOCK = 'SELECT pg_advisory_unlock(4243, 0)';
const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS public.keel_migrations (
  name        text PRIMARY KEY,
  checksum    text NOT NULL,
  applied_at  timestamptz NOT NULL DEFAULT now(),
  duration_ms integer NOT NULL
)`;

/**
 * Applies pending migrations in order, each in its own transaction, under a session advisory lock so
 * concurrent runners wait for each other. Re-running is a no-op. An applied file whose checksum changed
 * (or which is missing) is refused before anything runs. With `dryRun`, reports what would run.
 */
export async function migrate(
  client: ClientBase,
  files: readonly MigrationFile[],
  options: { dryRun?: boolean; log?: (line: string) => void } = {},
): Promise<MigrationReport> {
  const log = options.log ?? (() => undefined);
  await client.query(LOCK);
  try {
    const exists = (await client.query<{ t: string | null }>("SELECT to_regclass('public.keel_migrations')::text AS t")).rows[0]?.t;
    if (!exists && !options.dryRun) await client.query(BOOKKEEPING);
    const { rows } = exists || !options.dryRun
      ? await client.query<{ name: string; checksum: string }>('SELECT name, checksum FROM public.keel_migrations ORDER BY name')
      : { rows: [] };
    verifyApplied(rows, files);
    const done = new Set(rows.map((row) => row.name));
    const pending = files.filter((file) => !done.has(file.name));
    const report: MigrationReport = { applied: [], pending: pending.map((f) => f.name), alreadyApplied: [...done] };
    if (options.dryRun) {
      for (const file of pending) log(`would apply ${file.name}`);
      return report;
    }
    for (const file of pending) {
      await applyOne(client, file);
      report.applied.push(file.name);
      log(`applied ${file.name}`);
    }
    return { ...report, pending: [] };
  } finally {
    await client.query(UNLOCK);
  }
}

function verifyApplied(applied: readonly { name: string; checksum: string }[], files: readonly MigrationFile[]): void {
  const byName = new Map(files.map((file) => [file.name, file]));
  for (const row of applied) {
    const file = byName.get(row.name);
    if (!file) {
      throw new MigrationChecksumError(`migration ${row.name} was applied but its file is missing; migrations are forward-only, restore the file`);
    }
    if (file.checksum !== row.checksum) {
      throw new MigrationChecksumError(
        `migration ${row.name} was edited after it was applied (recorded sha256 ${row.checksum.slice(0, 12)}…, file ${file.checksum.slice(0, 12)}…); ` +
          'migrations are forward-only: revert the edit and add a new migration instead',
      );
    }
  }
}

async function applyOne(client: ClientBase, file: MigrationFile): Promise<void> {
  const started = Date.now();
  await client.query('BEGIN');
  try {
    await client.query(file.sql);
    await client.query('INSERT INTO public.keel_migrations (name, checksum, duration_ms) VALUES ($1, $2, $3)', [
      file.name,
      file.checksum,
      Date.now() - started,
    ]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw new Error(`migration ${file.name} failed: ${(error as Error).message}`, { cause: error });
  }
}
