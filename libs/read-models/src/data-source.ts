import { type Pool } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { READ_MODEL_ENTITIES } from './entities';

type Listener = (...args: unknown[]) => void;

/**
 * A stand-in for the `pg` module whose `Pool` constructor hands TypeORM the given pool. TypeORM's postgres
 * driver only calls `new Pool(options)`, `on('error', …)`, `connect(callback)` and `end(callback)`: `end`
 * here only detaches TypeORM's listeners, so `DataSource.destroy()` leaves the shared pool open.
 */
export function sharedPoolDriver(pool: Pool): { readonly Pool: new (options?: unknown) => Pool } {
  const attached: [string, Listener][] = [];
  const end = (callback?: (error?: Error) => void): Promise<void> => {
    for (const [event, listener] of attached.splice(0)) pool.off(event, listener);
    callback?.();
    return Promise.resolve();
  };
  const shared: Pool = new Proxy(pool, {
    get(target, property) {
      if (property === 'end') return end;
      if (property === 'on') {
        return (event: string, listener: Listener) => {
          attached.push([event, listener]);
          target.on(event as 'error', listener);
          return shared;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as Listener).bind(target) : value;
    },
  });
  // `new SharedPool()` evaluates to the object the constructor returns: the shared pool.
  const SharedPool = function SharedPool(): Pool {
    return shared;
  } as unknown as new (options?: unknown) => Pool;
  return { Pool: SharedPool };
}

/** Extra DataSource options (entities, type and driver are fixed). */
export type ReadModelDataSourceOptions = Partial<Pick<DataSourceOptions, 'logging' | 'name'>>;

/**
 * A TypeORM DataSource over the read models that shares `pool` instead of opening its own (in embedded mode
 * every connection is one PGlite session). `synchronize` is off: migrations/0003 is the schema's source of
 * truth. Call `initialize()` before use; `destroy()` leaves `pool` open.
 */
export function createReadModelDataSource(pool: Pool, options: ReadModelDataSourceOptions = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    driver: sharedPoolDriver(pool),
    entities: [...READ_MODEL_ENTITIES],
    synchronize: false,
    migrationsRun: false,
    logging: false,
    ...options,
  });
}
