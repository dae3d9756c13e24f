import { invalid } from '@keel/kernel';
import { type ProjectionDefinition } from './catalogue';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
/** Schemas Keel itself owns or Postgres reserves. */
const RESERVED = new Set(['es', 'projections', 'public', 'information_schema']);

/** Where a rebuild stages the new tables of `projection` while the live ones keep serving. */
export function stagingSchema(projection: ProjectionDefinition): string {
  return `${projection.schema}_rebuild`;
}

/** Where a verify rebuilds `projection` to compare it with the live tables. */
export function shadowSchema(projection: ProjectionDefinition): string {
  return `${projection.schema}_verify`;
}

/** Where a swap moves the old live tables until they are dropped. */
export function retiredSchema(projection: ProjectionDefinition): string {
  return `${projection.schema}_retired`;
}

/**
 * Checks a schema name a user chose (`keel replay --into`): a plain lower-case identifier that is not a
 * live, staging, shadow or system schema. Throws a Validation error naming `parameter`.
 */
export function assertUserSchema(name: string, parameter: string, projections: readonly ProjectionDefinition[]): void {
  if (!IDENTIFIER.test(name)) throw invalid(parameter, `"${name}" must be a lower-case SQL identifier (letters, digits, _; at most 63)`);
  if (RESERVED.has(name) || name.startsWith('pg_')) throw invalid(parameter, `schema "${name}" is reserved; choose a new schema name`);
  for (const projection of projections) {
    if (name === projection.schema) throw invalid(parameter, `schema "${name}" holds the live ${projection.name} tables; choose a new schema name`);
    if ([stagingSchema(projection), shadowSchema(projection), retiredSchema(projection)].includes(name)) {
      throw invalid(parameter, `schema "${name}" is used by keel projections rebuild/verify; choose a new schema name`);
    }
  }
}
