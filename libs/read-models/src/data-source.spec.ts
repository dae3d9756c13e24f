import { createTestDatabase, type TestDatabase } from '@keel/testing';
import { createReadModelDataSource } from './data-source';
import { READ_MODEL_ENTITIES } from './entities';
import { ModelEntity } from './entities/model.entity';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

interface DbColumn {
  table_name: string;
  column_name: string;
  data_type: string;
  is_nullable: 'YES' | 'NO';
}

describe('createReadModelDataSource', () => {
  it('maps every column of the read schema, with its type and nullability, and nothing else', async () => {
    const dataSource = await createReadModelDataSource(db.pool).initialize();
    try {
      const { rows } = await db.pool.query<DbColumn>(
        "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'read' ORDER BY 1, 2",
      );
      const mapped = READ_MODEL_ENTITIES.flatMap((entity) => {
        const meta = dataSource.getMetadata(entity);
        return meta.columns.map((c) => ({
          table_name: meta.tableName, column_name: c.databaseName,
          data_type: c.type === 'timestamptz' ? 'timestamp with time zone' : String(c.type),
          is_nullable: c.isNullable ? 'YES' : 'NO',
        }));
      });
      const byKey = (a: Pick<DbColumn, 'table_name' | 'column_name'>, b: Pick<DbColumn, 'table_name' | 'column_name'>) => `${a.table_name}.${a.column_name}`.localeCompare(`${b.table_name}.${b.column_name}`);
      expect(mapped.sort(byKey)).toEqual([...rows].sort(byKey));
      const { rows: keys } = await db.pool.query<{ table_name: string; column_name: string }>(
        `SELECT k.table_name, k.column_name FROM information_schema.key_column_usage k JOIN information_schema.table_constraints c USING (constraint_name, table_schema, table_name)
          WHERE c.constraint_type = 'PRIMARY KEY' AND k.table_schema = 'read'`,
      );
      const primary = READ_MODEL_ENTITIES.flatMap((e) => dataSource.getMetadata(e).primaryColumns.map((c) => `${dataSource.getMetadata(e).tableName}.${c.databaseName}`));
      expect(primary.sort()).toEqual(keys.map((k) => `${k.table_name}.${k.column_name}`).sort());
    } finally {
      await dataSource.destroy();
    }
  });

  it('shares the given pool, even one of a single connection, and leaves it open on destroy', async () => {
    const pool = db.newPool(1);
    const listenersBefore = pool.listenerCount('error');
    const dataSource = await createReadModelDataSource(pool).initialize();
    expect(await dataSource.getRepository(ModelEntity).count()).toBe(0);
    const rows = await dataSource.query<{ pid: number }[]>('SELECT pg_backend_pid() AS pid');
    const direct = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    expect(direct.rows[0]?.pid).toBe(rows[0]?.pid);
    expect(pool.totalCount).toBe(1);
    await dataSource.destroy();
    expect(pool.listenerCount('error')).toBe(listenersBefore);
    expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows[0]?.one).toBe(1);
    await pool.end();
  });
});
