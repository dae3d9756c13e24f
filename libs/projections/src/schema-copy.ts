import { type Queryable } from '@keel/event-store';

const IN_SCHEMA = 'JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1';

// Only plain tables with their constraints and indexes are copied; anything else in the live schema
// (views, sequences, functions, foreign keys) would be lost by a swap, and views or foreign keys elsewhere
// that depend on the live tables would follow them to the retired schema and be dropped with it.
const UNSUPPORTED = `SELECT format('%s %s', CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence'
           WHEN 'p' THEN 'partitioned table' WHEN 'f' THEN 'foreign table' ELSE 'relation' END, c.relname) AS object
    FROM pg_class c ${IN_SCHEMA} AND c.relkind NOT IN ('r', 'i')
  UNION ALL SELECT format('function %s', p.proname) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1
  UNION ALL SELECT format('foreign key %s', con.conname) FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid ${IN_SCHEMA} AND con.contype = 'f'
  UNION ALL SELECT format('foreign key %s on %s.%s', con.conname, vn.nspname, v.relname)
    FROM pg_constraint con JOIN pg_class c ON c.oid = con.confrelid JOIN pg_class v ON v.oid = con.conrelid
    JOIN pg_namespace vn ON vn.oid = v.relnamespace ${IN_SCHEMA} AND vn.nspname <> $1
  UNION ALL SELECT DISTINCT format('view %s.%s on %s', vn.nspname, v.relname, c.relname)
    FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class v ON v.oid = r.ev_class JOIN pg_namespace vn ON vn.oid = v.relnamespace
    JOIN pg_class c ON c.oid = d.refobjid ${IN_SCHEMA} AND d.classid = 'pg_rewrite'::regclass AND vn.nspname <> $1`;

const TABLES = `SELECT c.relname AS name FROM pg_class c ${IN_SCHEMA} AND c.relkind = 'r' ORDER BY c.relname`;

const KEY_CONSTRAINTS = `SELECT quote_ident(con.conname) AS name, pg_get_constraintdef(con.oid) AS def
  FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid ${IN_SCHEMA} AND c.relname = $2 AND con.contype IN ('p', 'u', 'x')
  ORDER BY con.conname`;

// Indexes that do not back a constraint, re-targeted at the copy (their names stay the same).
const PLAIN_INDEXES = `SELECT replace(pg_get_indexdef(i.indexrelid), ' ON ' || quote_ident($1) || '.', ' ON ' || quote_ident($3) || '.') AS def
  FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid ${IN_SCHEMA} AND c.relname = $2
   AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid)
  ORDER BY i.indexrelid`;

// Columns in order, constraints and indexes, with the schema name left out: equal for a faithful copy.
const SHAPE = `SELECT coalesce(string_agg(line, E'\\n' ORDER BY line), '') AS shape FROM (
    SELECT format('column %s %s %s %s not-null=%s default=%s', c.relname,
             row_number() OVER (PARTITION BY c.relname ORDER BY a.attnum), a.attname, format_type(a.atttypid, a.atttypmod),
             a.attnotnull, pg_get_expr(d.adbin, d.adrelid)) AS line
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE n.nspname = $1 AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
    UNION ALL
    SELECT format('constraint %s %s %s', c.relname, con.conname, pg_get_constraintdef(con.oid))
      FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid ${IN_SCHEMA}
    UNION ALL
    SELECT format('index %s', replace(pg_get_indexdef(i.indexrelid), ' ON ' || quote_ident($1) || '.', ' ON '))
      FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid ${IN_SCHEMA}) lines`;

const STATE = `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS present,
  EXISTS (SELECT 1 FROM pg_class c ${IN_SCHEMA})
  OR EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1)
  OR EXISTS (SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = $1) AS filled`;

/** `"name"`, quoted for SQL. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Whether a schema exists and holds anything. */
export async function schemaState(db: Queryable, schema: string): Promise<'absent' | 'empty' | 'filled'> {
  const { rows } = await db.query<{ present: boolean; filled: boolean }>(STATE, [schema]);
  const row = rows[0] as { present: boolean; filled: boolean };
  return !row.present ? 'absent' : row.filled ? 'filled' : 'empty';
}

/** Schema-qualified names of the plain tables in `schema`, sorted. */
export async function tablesOf(db: Queryable, schema: string): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(TABLES, [schema]);
  return rows.map((r) => `${quoteIdent(schema)}.${quoteIdent(r.name)}`);
}

/**
 * Every table of `schema` in the order to lock them: first `touchOrder` (the order in which the projection's
 * batches touch them, so a lock taken table by table never waits in a cycle with a batch in flight), then
 * any other table of the schema.
 */
export async function lockOrder(db: Queryable, schema: string, touchOrder: readonly string[]): Promise<string[]> {
  const present = new Set((await db.query<{ name: string }>(TABLES, [schema])).rows.map((r) => r.name));
  const ordered = [...touchOrder.filter((name) => present.has(name)), ...[...present].filter((name) => !touchOrder.includes(name))];
  return ordered.map((name) => `${quoteIdent(schema)}.${quoteIdent(name)}`);
}

/** A line-per-object description of `schema`'s tables that is equal for a faithful copy in another schema. */
export async function schemaShape(db: Queryable, schema: string): Promise<string> {
  const { rows } = await db.query<{ shape: string }>(SHAPE, [schema]);
  return (rows[0] as { shape: string }).shape;
}

/** Throws when `schema` holds, or is depended on by, objects that a copy of its tables cannot carry over. */
export async function assertCopyable(db: Queryable, schema: string): Promise<void> {
  const { rows } = await db.query<{ object: string }>(UNSUPPORTED, [schema]);
  if (rows.length > 0) {
    throw new Error(`schema ${schema} holds or is used by ${rows.map((u) => u.object).join(', ')}: a blue/green copy carries only tables, keys and indexes`);
  }
}

/**
 * Creates in `target` (which must not exist yet, or be empty) an empty copy of every table of `live`:
 * columns, defaults, checks, keys and indexes under the same names. Throws when `live` holds objects a
 * table copy cannot carry over.
 */
export async function copySchemaTables(db: Queryable, live: string, target: string): Promise<void> {
  await assertCopyable(db, live);
  await db.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(target)}`);
  const { rows: tables } = await db.query<{ name: string }>(TABLES, [live]);
  const including = ['DEFAULTS', 'CONSTRAINTS', 'GENERATED', 'IDENTITY', 'STORAGE', 'COMMENTS', 'COMPRESSION'].map((i) => `INCLUDING ${i}`).join(' ');
  for (const { name } of tables) {
    const copy = `${quoteIdent(target)}.${quoteIdent(name)}`;
    await db.query(`CREATE TABLE ${copy} (LIKE ${quoteIdent(live)}.${quoteIdent(name)} ${including})`);
    const { rows: keys } = await db.query<{ name: string; def: string }>(KEY_CONSTRAINTS, [live, name]);
    for (const key of keys) await db.query(`ALTER TABLE ${copy} ADD CONSTRAINT ${key.name} ${key.def}`);
    const { rows: indexes } = await db.query<{ def: string }>(PLAIN_INDEXES, [live, name, target]);
    for (const index of indexes) await db.query(index.def);
  }
}

/** Drops `schema` and everything in it, if it exists. */
export async function dropSchema(db: Queryable, schema: string): Promise<void> {
  await db.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
}
