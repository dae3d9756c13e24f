import { type Client } from 'pg';

const USER_SCHEMAS = `n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast_temp%'`;

const QUERIES: readonly string[] = [
  `SELECT 'schema ' || n.nspname FROM pg_namespace n WHERE ${USER_SCHEMAS} AND n.nspname <> 'public'`,
  `SELECT format('column %s.%s.%s %s%s%s', c.table_schema, c.table_name, c.column_name,
          CASE WHEN c.data_type = 'USER-DEFINED' OR c.data_type = 'ARRAY' THEN c.udt_name ELSE c.data_type END,
          CASE WHEN c.is_nullable = 'NO' THEN ' not null' ELSE '' END,
          coalesce(' default ' || c.column_default, ''))
     FROM information_schema.columns c
    WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema')`,
  `SELECT format('constraint %s.%s %s %s', n.nspname, t.relname, con.conname, pg_get_constraintdef(con.oid))
     FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE ${USER_SCHEMAS}`,
  `SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
  `SELECT format('function %s.%s(%s) returns %s body-md5 %s%s', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid),
          pg_get_function_result(p.oid), md5(p.prosrc), coalesce(' set ' || array_to_string(p.proconfig, ' '), ''))
     FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE ${USER_SCHEMAS}`,
];

/**
 * A stable, line-per-object text description of the database schema (schemas, columns, constraints,
 * indexes, functions with their SET clauses), sorted, for comparing against a committed snapshot. Independent of pg_dump's
 * version-specific output.
 */
export async function describeSchema(client: Client): Promise<string> {
  const lines: string[] = [];
  for (const sql of QUERIES) {
    const result = await client.query<string[]>({ text: sql, rowMode: 'array' });
    for (const row of result.rows) lines.push(row[0] as string);
  }
  return lines.sort().join('\n') + '\n';
}
