import { type Pool } from 'pg';
import { READ_TABLES } from '../projection/tables';

/** Every read table as JSON rows in key order, for row-by-row comparison. */
export async function snapshotReadModels(pool: Pool): Promise<Record<string, unknown[]>> {
  const snapshot: Record<string, unknown[]> = {};
  for (const shape of READ_TABLES) {
    const { rows } = await pool.query<{ row: unknown }>(`SELECT to_jsonb(t) AS row FROM ${shape.table} t ORDER BY ${shape.key.join(', ')}`);
    snapshot[shape.table] = rows.map((r) => r.row);
  }
  return snapshot;
}
