import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One forward-only plain-SQL migration file. */
export interface MigrationFile {
  /** File name without directory, e.g. `0001_create_event_store.sql`. */
  readonly name: string;
  readonly sql: string;
  /** sha256 of the file's bytes. */
  readonly checksum: string;
}

const MIGRATION_NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;

/**
 * Reads `NNNN_<verb>_<noun>.sql` files from a folder in name order. Other `.sql` names and duplicate
 * numbers are refused, so a typo cannot silently skip a migration.
 */
export function readMigrationFiles(dir: string): MigrationFile[] {
  const sqlFiles = readdirSync(dir).filter((name) => name.endsWith('.sql')).sort();
  const numbers = new Set<string>();
  return sqlFiles.map((name) => {
    const match = MIGRATION_NAME.exec(name);
    if (!match) throw new Error(`migration file ${name} does not match NNNN_<verb>_<noun>.sql`);
    if (numbers.has(match[1] as string)) throw new Error(`migration number ${match[1]} is used twice (${name})`);
    numbers.add(match[1] as string);
    const bytes = readFileSync(join(dir, name));
    return { name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') };
  });
}
