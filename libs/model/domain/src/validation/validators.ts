import { parseOrThrow } from '@keel/kernel';
import { type z } from 'zod';
import { type ModelCommand } from '../commands';
import { modelCommandSchemas } from './schemas';

type DataOf<K extends ModelCommand['type']> = Extract<ModelCommand, { type: K }>['data'];

/**
 * Validate the data of a model command of the given type (for REST and gRPC to reuse).
 * Throws `DomainError('Validation')` with one `{ path, reason }` per problem.
 */
export function validateModelCommand<K extends ModelCommand['type']>(type: K, data: unknown): DataOf<K> {
  const schema = modelCommandSchemas[type] as z.ZodType<DataOf<K>>;
  return parseOrThrow(schema, data, `${type} command`);
}
