import { type Queryable } from '@keel/event-store';
import { READ_MODELS_PROJECTION } from '../catalogue';

/** Every read table of `schema` as JSON rows in key order, by table name, for row-by-row comparison. */
export async function snapshotSchema(db: Queryable, schema: string): Promise<Record<string, unknown[]>> {
  const snapshot: Record<string, unknown[]> = {};
  for (const shape of READ_MODELS_PROJECTION.tables(schema)) {
    const { rows } = await db.query<{ row: unknown }>(`SELECT to_jsonb(t) AS row FROM ${shape.table} t ORDER BY ${shape.key.join(', ')}`);
    snapshot[shape.name] = rows.map((r) => r.row);
  }
  return snapshot;
}
