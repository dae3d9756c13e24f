import { createHash } from 'node:crypto';
import { type PoolClient, type QueryConfig } from 'pg';
import { type TableShape } from './tables';

/** Something that runs queries inside the projection transaction. */
export type Tx = Pick<PoolClient, 'query'>;

const statementNames = new Map<string, string>();

/**
 * The query as a named (prepared) statement: each connection parses and plans it once instead of on
 * every batch. The name is derived from the text, so one name never stands for two texts. After a
 * rebuild swaps tables in, Postgres re-plans the statements that named the old ones.
 */
function prepared(text: string, values: unknown[]): QueryConfig {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `rm_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return { name, text, values };
}

function recordset(shape: TableShape): string {
  const defs = Object.entries(shape.columns).map(([name, type]) => `${name} ${type}`);
  return `jsonb_to_recordset($1::jsonb) AS r(${defs.join(', ')})`;
}

/** Multi-row upsert in one round trip: the rows travel as one JSON array. */
export async function upsertRows(tx: Tx, shape: TableShape, rows: readonly object[]): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(shape.columns);
  const updates = names.filter((n) => !shape.key.includes(n)).map((n) => `${n} = EXCLUDED.${n}`);
  const text = `INSERT INTO ${shape.table} (${names.join(', ')}) SELECT ${names.join(', ')} FROM ${recordset(shape)}
    ON CONFLICT (${shape.key.join(', ')}) DO UPDATE SET ${updates.join(', ')}`;
  await tx.query(prepared(text, [JSON.stringify(rows)]));
}

/** Deletes rows by their (possibly composite) key; `keys` are key tuples in `shape.key` order. */
export async function deleteRows(tx: Tx, shape: TableShape, keys: readonly (readonly (string | number)[])[]): Promise<void> {
  if (keys.length === 0) return;
  const types = shape.key.map((k) => shape.columns[k] as string);
  const arrays = shape.key.map((_, i) => keys.map((key) => key[i]));
  const unnest = types.map((type, i) => `$${i + 1}::${type}[]`).join(', ');
  const text = `DELETE FROM ${shape.table} WHERE (${shape.key.join(', ')}) IN (SELECT * FROM unnest(${unnest}))`;
  await tx.query(prepared(text, arrays));
}

/** Deletes every row whose `column` is one of `values` (e.g. all devices of some nodes). */
export async function deleteWhereIn(tx: Tx, shape: TableShape, column: string, values: readonly string[]): Promise<void> {
  if (values.length === 0) return;
  await tx.query(prepared(`DELETE FROM ${shape.table} WHERE ${column} = ANY($1::text[])`, [values]));
}

// bigint to a JS number, timestamptz to the text form jsonb_to_recordset reads back as is.
const SELECT_CAST: Readonly<Record<string, string>> = { bigint: 'float8', timestamptz: 'text' };

function selected(name: string, type: string): string {
  const cast = SELECT_CAST[type];
  return cast === undefined ? name : `${name}::${cast} AS ${name}`;
}

/** Loads rows whose `column` is one of `values`; bigint `position` comes back as a number. */
export async function selectWhereIn<T extends object>(tx: Tx, shape: TableShape, column: string, values: readonly string[]): Promise<T[]> {
  if (values.length === 0) return [];
  const columns = Object.entries(shape.columns).map(([name, type]) => selected(name, type));
  const { rows } = await tx.query<T>(prepared(`SELECT ${columns.join(', ')} FROM ${shape.table} WHERE ${column} = ANY($1::text[])`, [values]));
  return rows;
}
