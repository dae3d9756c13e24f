import { type Queryable } from '@keel/event-store';
import { type TableShape } from '@keel/read-models';
import { isDeepStrictEqual } from 'node:util';

/** One difference between a live row and the rebuilt one. */
export interface RowDifference {
  /** The live table, e.g. `read.nodes`. */
  readonly table: string;
  /** The row's key columns and values. */
  readonly key: Readonly<Record<string, unknown>>;
  /** The column that differs; null when the whole row is missing on one side. */
  readonly column: string | null;
  /** The live value (`undefined` when the live table lacks the row). */
  readonly live: unknown;
  /** The rebuilt value (`undefined` when the rebuilt table lacks the row). */
  readonly rebuilt: unknown;
}

/** How one table compares. */
export interface TableComparison {
  readonly table: string;
  readonly liveRows: number;
  readonly rebuiltRows: number;
  /** Rows that differ (missing on one side, or with a different column). */
  readonly differentRows: number;
}

type Row = Record<string, unknown>;

function columnDifferences(table: string, key: Row, live: Row | null, rebuilt: Row | null): RowDifference[] {
  if (live === null || rebuilt === null) return [{ table, key, column: null, live: live ?? undefined, rebuilt: rebuilt ?? undefined }];
  const columns = [...new Set([...Object.keys(live), ...Object.keys(rebuilt)])];
  return columns.filter((c) => !isDeepStrictEqual(live[c], rebuilt[c])).map((column) => ({ table, key, column, live: live[column], rebuilt: rebuilt[column] }));
}

/**
 * Compares `live` with `rebuilt` (the same table in another schema) row by row on the key, in SQL: answers
 * the counts and the column differences of the first `limit` differing rows in key order.
 */
export async function diffTable(db: Queryable, live: TableShape, rebuilt: TableShape, limit: number): Promise<{ comparison: TableComparison; differences: RowDifference[] }> {
  const on = live.key.map((k) => `l.${k} = r.${k}`).join(' AND ');
  const order = live.key.map((k) => `coalesce(l.${k}, r.${k})`).join(', ');
  const { rows } = await db.query<{ live: Row | null; rebuilt: Row | null; total: string }>(
    `SELECT to_jsonb(l) AS live, to_jsonb(r) AS rebuilt, count(*) OVER () AS total
       FROM ${live.table} l FULL JOIN ${rebuilt.table} r ON ${on}
      WHERE to_jsonb(l) IS DISTINCT FROM to_jsonb(r)
      ORDER BY ${order} LIMIT $1`,
    [limit],
  );
  const { rows: counts } = await db.query<{ live: string; rebuilt: string }>(
    `SELECT (SELECT count(*) FROM ${live.table}) AS live, (SELECT count(*) FROM ${rebuilt.table}) AS rebuilt`,
  );
  const differences = rows.flatMap((row) => {
    const sample = (row.live ?? row.rebuilt) as Row;
    const key = Object.fromEntries(live.key.map((k) => [k, sample[k]]));
    return columnDifferences(live.table, key, row.live, row.rebuilt);
  });
  const comparison = { table: live.table, liveRows: Number(counts[0]?.live ?? 0), rebuiltRows: Number(counts[0]?.rebuilt ?? 0), differentRows: Number(rows[0]?.total ?? 0) };
  return { comparison, differences };
}
